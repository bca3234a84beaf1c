# Files that hold secrets, written one way everywhere. Sourced by deploy/run.sh and jmx/ssl-setup; it only
# defines functions, so sourcing it has no other effect.

# place_private FILE TARGET: makes FILE (written by us or by another program, such as keytool) mode 600,
# syncs it, renames it over TARGET (FILE must be on TARGET's file system, e.g. beside it) and syncs the
# directory: TARGET holds its old content or the new one, complete, and never anything others can read.
place_private() {
  chmod 600 "$1"
  sync "$1"
  mv -f "$1" "$2"
  sync "$(dirname "$2")"
}

# write_private FILE CONTENT: CONTENT into FILE that way, through a temp file beside it, private from the start.
write_private() {
  local tmp
  tmp="$(mktemp "$1.XXXXXX")"  # mode 600
  printf '%s' "$2" > "$tmp"
  place_private "$tmp" "$1"
}

# random_password [LENGTH]: LENGTH (default 24, at most 64) random letters and digits.
random_password() {
  head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "${1:-24}"
}
