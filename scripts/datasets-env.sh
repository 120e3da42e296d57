# Sourced by the dataset scripts: sets $root (the repository) and $data (the datasets folder, from the script's first
# argument or ../shared/datasets beside the repository), builds lad once and defines `lad` to run that build.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$root/../shared/datasets}"
if [ ! -d "$data" ]; then
  echo "datasets folder not found: $data (pass it as the first argument)" >&2
  exit 2
fi
dotnet build "$root/src/Client" -c Release -v quiet -nologo >/dev/null
lad() { dotnet "$root/src/Client/bin/Release/net10.0/lad.dll" "$@"; }
