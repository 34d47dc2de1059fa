#!/bin/sh
# The seed's migration commands, as a thin wrapper around the retort CLI. Runs from this
# folder, so retort.config.ts and .retort/pglite are found whatever the caller's cwd.
# DATABASE_URL, when set, wins over the configuration (retort's own rule).
set -eu
cd "$(dirname "$0")"

if [ -x node_modules/.bin/retort ]; then
  RETORT=node_modules/.bin/retort
elif [ -x ../node_modules/.bin/retort ]; then
  RETORT=../node_modules/.bin/retort
else
  echo "error: the retort CLI is not installed" >&2
  echo "hint: run \`npm install\` in the repository root" >&2
  exit 1
fi

usage() {
  cat >&2 <<'USAGE'
usage: ./migrate.sh <command> [arguments]

  upgrade [TARGET]      apply migrations up to TARGET (default: head); a number such
                        as 003 names the numbered revision 003_...
  downgrade [TARGET]    roll back to TARGET (default: -1, one migration)
  current               show the database's current revision
  history               show the migration history
  create NAME           create a new, empty migration NAME (e.g. add_user_avatar_field)
  autogenerate NAME     generate migration NAME by comparing app/models with the database
                        (always review the generated file before applying it)
  stamp REVISION        record REVISION as current without running migrations
  check                 fail if the models and the database differ

Extra options after the arguments go to retort (e.g. ./migrate.sh upgrade head --sql).
DATABASE_URL overrides the database of retort.config.ts (embedded PGlite by default).
USAGE
}

# The next revision id (001_initial, 002_triggers, ... 999_x, 1000_y): computed by the
# script migrate.bat uses too, so both wrappers number revisions the same way.
next_revision_id() {
  node scripts/next-revision-id.mjs "$1"
}

# A number alone (3, 003) names the numbered revision: retort needs four characters for a
# partial id, so the full id (003_add_user_avatar_field) is looked up here.
full_id() {
  case "$1" in
    [0-9]|[0-9][0-9]|[0-9][0-9][0-9]) ;;
    *) printf '%s' "$1"; return ;;
  esac
  wanted=$(( $(echo "$1" | sed 's/^0*//')+0 ))
  for file in migrations/versions/*.ts; do
    [ -f "$file" ] || continue
    id=$(sed -n 's/^export const revision *= *"\([0-9][0-9]*_[^"]*\)".*/\1/p' "$file" | head -n 1)
    [ -n "$id" ] || continue
    number=$(( $(echo "${id%%_*}" | sed 's/^0*//')+0 ))
    if [ "$number" -eq "$wanted" ]; then printf '%s' "$id"; return; fi
  done
  printf '%s' "$1"
}

need_name() {
  if [ $# -lt 1 ] || [ -z "$1" ] || ! echo "$1" | grep -Eq '^[A-Za-z0-9_]+$'; then
    echo "error: $cmd needs a NAME made of letters, digits and underscores" >&2
    usage
    exit 2
  fi
}

cmd="${1:-}"
[ $# -gt 0 ] && shift

case "$cmd" in
  upgrade|downgrade)
    default=head
    [ "$cmd" = downgrade ] && default=-1
    target="$default"
    case "${1:-}" in
      "") ;;
      -[0-9]*) target="$1"; shift ;; # a relative target such as -1, not an option
      -*) ;;
      *) target=$(full_id "$1"); shift ;;
    esac
    # `--` keeps a relative target such as -1 from being read as an option.
    exec "$RETORT" "$cmd" "$@" -- "$target"
    ;;
  current|history|check)
    exec "$RETORT" "$cmd" "$@"
    ;;
  create)
    need_name "$@"
    name="$1"; shift
    id=$(next_revision_id "$name")
    exec "$RETORT" revision -m "$name" --rev-id "$id" "$@"
    ;;
  autogenerate)
    need_name "$@"
    name="$1"; shift
    id=$(next_revision_id "$name")
    exec "$RETORT" revision --autogenerate -m "$name" --rev-id "$id" "$@"
    ;;
  stamp)
    if [ $# -lt 1 ]; then
      echo "error: stamp needs a REVISION (e.g. head)" >&2
      usage
      exit 2
    fi
    target=$(full_id "$1"); shift
    exec "$RETORT" stamp "$@" -- "$target"
    ;;
  help|-h|--help)
    usage
    exit 0
    ;;
  "")
    echo "error: no command given" >&2
    usage
    exit 2
    ;;
  *)
    echo "error: unknown command \"$cmd\"" >&2
    usage
    exit 2
    ;;
esac
