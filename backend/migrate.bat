@echo off
rem The seed's migration commands, as a thin wrapper around the retort CLI (Windows).
rem Runs from this folder; DATABASE_URL, when set, wins over retort.config.ts.
setlocal EnableExtensions EnableDelayedExpansion
cd /d "%~dp0"

set "RETORT=node_modules\.bin\retort.cmd"
if not exist "%RETORT%" set "RETORT=..\node_modules\.bin\retort.cmd"
if not exist "%RETORT%" (
  echo error: the retort CLI is not installed 1>&2
  echo hint: run `npm install` in the repository root 1>&2
  exit /b 1
)

set "CMD=%~1"
if "%CMD%"=="" (
  echo error: no command given 1>&2
  goto usage_error
)
shift

if /i "%CMD%"=="upgrade" goto move
if /i "%CMD%"=="downgrade" goto move
if /i "%CMD%"=="current" goto plain
if /i "%CMD%"=="history" goto plain
if /i "%CMD%"=="check" goto plain
if /i "%CMD%"=="create" goto create
if /i "%CMD%"=="autogenerate" goto create
if /i "%CMD%"=="stamp" goto stamp
if /i "%CMD%"=="help" goto usage_ok
echo error: unknown command "%CMD%" 1>&2
goto usage_error

:move
set "TARGET=head"
if /i "%CMD%"=="downgrade" set "TARGET=-1"
set "FIRST=%~1"
if "%FIRST%"=="" goto move_run
if not "%FIRST:~0,1%"=="-" goto move_take
rem A relative target such as -1 is a target, not an option.
echo(%FIRST%| findstr /r "^-[0-9][0-9]*$" >nul && goto move_take
goto move_run
:move_take
set "TARGET=%FIRST%"
call :full_id
shift
:move_run
call :rest %1 %2 %3 %4 %5 %6 %7 %8 %9
call "%RETORT%" %CMD% !REST! -- %TARGET%
exit /b %ERRORLEVEL%

:plain
call :rest %1 %2 %3 %4 %5 %6 %7 %8 %9
call "%RETORT%" %CMD% !REST!
exit /b %ERRORLEVEL%

:create
set "NAME=%~1"
if "%NAME%"=="" (
  echo error: %CMD% needs a NAME made of letters, digits and underscores 1>&2
  goto usage_error
)
echo %NAME%| findstr /r "^[A-Za-z0-9_][A-Za-z0-9_]*$" >nul || (
  echo error: %CMD% needs a NAME made of letters, digits and underscores 1>&2
  goto usage_error
)
shift
rem The next id: three digits after the highest numbered file, then the name.
set /a LAST=0
set /a NUM=0
for %%F in (migrations\versions\*.ts) do (
  for /f "delims=_" %%N in ("%%~nF") do (
    set "DIGITS=%%N"
    set /a "NUM=1!DIGITS! - 1000" 2>nul
    if !NUM! gtr !LAST! set /a LAST=!NUM!
  )
)
set /a NEXT=LAST+1
set "NEXT=00!NEXT!"
set "REVID=!NEXT:~-3!_%NAME%"
call :rest %1 %2 %3 %4 %5 %6 %7 %8 %9
if /i "%CMD%"=="autogenerate" (
  call "%RETORT%" revision --autogenerate -m %NAME% --rev-id !REVID! !REST!
) else (
  call "%RETORT%" revision -m %NAME% --rev-id !REVID! !REST!
)
exit /b %ERRORLEVEL%

:stamp
set "TARGET=%~1"
if "%TARGET%"=="" (
  echo error: stamp needs a REVISION, e.g. head 1>&2
  goto usage_error
)
call :full_id
shift
call :rest %1 %2 %3 %4 %5 %6 %7 %8 %9
call "%RETORT%" stamp !REST! -- %TARGET%
exit /b %ERRORLEVEL%

rem A number alone (3, 003) in TARGET names the numbered revision: retort needs four
rem characters for a partial id, so the full id is looked up (files are named by their id).
:full_id
echo(%TARGET%| findstr /r /x "[0-9] [0-9][0-9] [0-9][0-9][0-9]" >nul || exit /b 0
set "PADDED=000%TARGET%"
set /a "WANT=1!PADDED:~-3! - 1000"
for %%F in (migrations\versions\*.ts) do (
  for /f "delims=_" %%N in ("%%~nF") do (
    set "DIGITS=000%%N"
    set /a "NUM=1!DIGITS:~-3! - 1000" 2>nul
    if !NUM! equ !WANT! set "TARGET=%%~nF"
  )
)
exit /b 0

:rest
set "REST="
:rest_loop
if "%~1"=="" exit /b 0
set "REST=!REST! %1"
shift
goto rest_loop

:usage_ok
call :print_usage
exit /b 0

:usage_error
call :print_usage
exit /b 2

:print_usage
>&2 echo usage: migrate.bat ^<command^> [arguments]
>&2 echo.
>&2 echo   upgrade [TARGET]      apply migrations up to TARGET (default: head)
>&2 echo   downgrade [TARGET]    roll back to TARGET (default: -1, one migration)
>&2 echo   current               show the database's current revision
>&2 echo   history               show the migration history
>&2 echo   create NAME           create a new, empty migration NAME
>&2 echo   autogenerate NAME     generate migration NAME by comparing app/models with the database
>&2 echo                         (always review the generated file before applying it)
>&2 echo   stamp REVISION        record REVISION as current without running migrations
>&2 echo   check                 fail if the models and the database differ
>&2 echo.
>&2 echo DATABASE_URL overrides the database of retort.config.ts (embedded PGlite by default).
exit /b 0
