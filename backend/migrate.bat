@echo off
rem The seed's migration commands, as a thin wrapper around the retort CLI (Windows).
rem Runs from this folder; DATABASE_URL, when set, wins over retort.config.ts.
rem
rem Delayed expansion stays off: with it on, cmd.exe would eat every "!" in the user's
rem arguments. Arguments are collected with SHIFT in a loop, so any number of them pass
rem through (%%1..%%9 would stop at nine), and retort runs as "node retort.js" rather
rem than through "call retort.cmd", whose second round of expansion would eat "%%".
setlocal EnableExtensions DisableDelayedExpansion
cd /d "%~dp0"

set "RETORT_JS=node_modules\retort-migrate\bin\retort.js"
if not exist "%RETORT_JS%" set "RETORT_JS=..\node_modules\retort-migrate\bin\retort.js"
if not exist "%RETORT_JS%" (
  echo error: the retort CLI is not installed 1>&2
  echo hint: run `npm install` in the repository root 1>&2
  exit /b 1
)

set "CMD=%~1"
if not defined CMD (
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
if "%CMD%"=="-h" goto usage_ok
if "%CMD%"=="--help" goto usage_ok
echo error: unknown command "%CMD%" 1>&2
goto usage_error

:move
set "TARGET=head"
if /i "%CMD%"=="downgrade" set "TARGET=-1"
set "FIRST=%~1"
if not defined FIRST goto move_collect
if not "%FIRST:~0,1%"=="-" goto move_take
rem A relative target such as -1 is a target, not an option.
echo(%FIRST%| findstr /r "^-[0-9][0-9]*$" >nul && goto move_take
goto move_collect
:move_take
set "TARGET=%FIRST%"
call :full_id
shift
:move_collect
set "AFTER=move_run"
goto collect
:move_run
rem "--" keeps a relative target such as -1 from being read as an option.
node "%RETORT_JS%" %CMD% %REST% -- "%TARGET%"
exit /b %ERRORLEVEL%

:plain
set "AFTER=plain_run"
goto collect
:plain_run
node "%RETORT_JS%" %CMD% %REST%
exit /b %ERRORLEVEL%

:create
set "NAME=%~1"
if not defined NAME (
  echo error: %CMD% needs a NAME made of letters, digits and underscores 1>&2
  goto usage_error
)
shift
rem The next id comes from the script migrate.sh uses too; it refuses a bad NAME (exit 2).
set "REVID="
for /f "usebackq delims=" %%I in (`node scripts\next-revision-id.mjs "%NAME%"`) do set "REVID=%%I"
if not defined REVID goto usage_error
set "AFTER=create_run"
goto collect
:create_run
if /i "%CMD%"=="autogenerate" (
  node "%RETORT_JS%" revision --autogenerate -m "%NAME%" --rev-id "%REVID%" %REST%
) else (
  node "%RETORT_JS%" revision -m "%NAME%" --rev-id "%REVID%" %REST%
)
exit /b %ERRORLEVEL%

:stamp
set "TARGET=%~1"
if not defined TARGET (
  echo error: stamp needs a REVISION, e.g. head 1>&2
  goto usage_error
)
call :full_id
shift
set "AFTER=stamp_run"
goto collect
:stamp_run
node "%RETORT_JS%" stamp %REST% -- "%TARGET%"
exit /b %ERRORLEVEL%

rem A number alone (3, 003) in TARGET names the numbered revision (003_add_user_avatar_field):
rem retort needs four characters for a partial id, so scripts\numbered-revision.mjs looks it up.
:full_id
for /f "usebackq delims=" %%I in (`node scripts\numbered-revision.mjs "%TARGET%"`) do set "TARGET=%%I"
exit /b 0

rem Every remaining argument, as typed (quotes kept), into REST; then on to AFTER.
rem Percent expansion is a single pass, so a "%%" or "!" inside an argument is kept.
:collect
set "REST="
:collect_loop
if "%~1"=="" goto %AFTER%
set "REST=%REST% %1"
shift
goto collect_loop

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
>&2 echo   create NAME           create a new, empty migration NAME (e.g. add_user_avatar_field)
>&2 echo   autogenerate NAME     generate migration NAME by comparing app/models with the database
>&2 echo                         (always review the generated file before applying it)
>&2 echo   stamp REVISION        record REVISION as current without running migrations
>&2 echo   check                 fail if the models and the database differ
>&2 echo.
>&2 echo Extra options after the arguments go to retort (e.g. migrate.bat upgrade head --sql).
>&2 echo DATABASE_URL overrides the database of retort.config.ts (embedded PGlite by default).
exit /b 0
