#!/usr/bin/env bash
# Installs LAD as a systemd service on Ubuntu/Debian:
#   /opt/anomaly_detector/bin/         the self-contained lad-silo build (replaced on every run)
#   /opt/anomaly_detector/multihost.yaml  the configuration (installed once, never overwritten)
#   /etc/default/anomaly_detector      secrets as LAD_<KEY>=... (installed once, never overwritten)
#   /etc/systemd/system/anomaly_detector.service
#
# usage: deploy/install.sh [--root DIR] [--prebuilt DIR] [--runtime RID] [--no-systemctl]
#   --root DIR      install under DIR instead of / (also DESTDIR=DIR); skips user creation, ownership and systemctl
#   --prebuilt DIR  take an existing self-contained publish output (must contain lad-silo) instead of publishing
#   --runtime RID   runtime identifier for publishing (default linux-x64)
#   --no-systemctl  do not run systemctl daemon-reload / enable
set -euo pipefail

readonly SERVICE=anomaly_detector
readonly SERVICE_USER=anomaly_detector
readonly BINARY=lad-silo

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="${DESTDIR:-}"
prebuilt=""
runtime="linux-x64"
systemctl_enabled=1

die() { echo "install.sh: $*" >&2; exit 2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --root) [[ $# -ge 2 ]] || die "--root needs a directory"; root="$2"; shift 2 ;;
    --root=*) root="${1#--root=}"; shift ;;
    --prebuilt) [[ $# -ge 2 ]] || die "--prebuilt needs a directory"; prebuilt="$2"; shift 2 ;;
    --prebuilt=*) prebuilt="${1#--prebuilt=}"; shift ;;
    --runtime) [[ $# -ge 2 ]] || die "--runtime needs a runtime identifier"; runtime="$2"; shift 2 ;;
    --no-systemctl) systemctl_enabled=0; shift ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

root="${root%/}"
if [[ -n "$root" ]]; then
  mkdir -p "$root"
  root="$(cd "$root" && pwd)"
  # A staging root is not the running system: no users, ownership or service manager there.
  systemctl_enabled=0
elif [[ $EUID -ne 0 ]]; then
  die "installing into / needs root (run with sudo, or pass --root DIR)"
fi

opt="$root/opt/$SERVICE"
staging=""
trap '[[ -n "$staging" ]] && rm -rf "$staging"' EXIT

if [[ -z "$prebuilt" ]]; then
  command -v dotnet >/dev/null || die "dotnet SDK not found; install it or pass --prebuilt DIR"
  staging="$(mktemp -d)"
  echo "Publishing $BINARY ($runtime, self-contained) ..."
  dotnet publish "$repo/src/Silo/Lad.Silo.csproj" -c Release -r "$runtime" --self-contained true -o "$staging" >/dev/null
  prebuilt="$staging"
fi
[[ -x "$prebuilt/$BINARY" ]] || die "--prebuilt $prebuilt: no executable $BINARY in it"

install -d -m 0755 "$opt" "$opt/bin" "$root/etc/systemd/system" "$root/etc/default"
# The build is replaced as a whole so no file of an older version lingers.
rm -rf "${opt:?}/bin/"*
# Copying "$prebuilt/." would also copy the build directory's own mode onto bin (0700 for a mktemp -d publish
# directory), locking the service user out; the tree is made readable, and executables runnable, by everyone.
cp -R "$prebuilt/." "$opt/bin/"
chmod 0755 "$opt/bin"
chmod -R u=rwX,go=rX "$opt/bin"
if [[ -z "$root" ]]; then
  chown -R root:root "$opt/bin"
fi
echo "Installed build in $opt/bin"

if [[ -e "$opt/multihost.yaml" ]]; then
  echo "Kept existing configuration $opt/multihost.yaml"
else
  install -m 0640 "$repo/deploy/multihost.yaml" "$opt/multihost.yaml"
  echo "Installed example configuration $opt/multihost.yaml (edit it)"
fi

if [[ ! -e "$root/etc/default/$SERVICE" ]]; then
  install -m 0600 /dev/null "$root/etc/default/$SERVICE"
  echo "# LAD_<KEY>=value overrides, e.g. LAD_MG_URI=mongodb://user:password@host:27017/?authSource=admin" > "$root/etc/default/$SERVICE"
fi

install -m 0644 "$repo/deploy/systemd/$SERVICE.service" "$root/etc/systemd/system/$SERVICE.service"
echo "Installed unit $root/etc/systemd/system/$SERVICE.service"

if [[ -z "$root" ]]; then
  if ! getent passwd "$SERVICE_USER" >/dev/null; then
    useradd --system --user-group --no-create-home --home-dir "/var/lib/$SERVICE" --shell /usr/sbin/nologin "$SERVICE_USER"
    echo "Created system user $SERVICE_USER"
  fi
  chown root:"$SERVICE_USER" "$opt/multihost.yaml"
fi

if [[ $systemctl_enabled -eq 1 ]]; then
  systemctl daemon-reload
  systemctl enable "$SERVICE.service"
  echo "Enabled $SERVICE.service; start it with: systemctl start $SERVICE"
else
  echo "Skipped systemctl (run: systemctl daemon-reload && systemctl enable --now $SERVICE)"
fi
