#!/usr/bin/env bash
# Installs LAD as a systemd service on Ubuntu/Debian:
#   /opt/anomaly_detector/bin/         the self-contained lad-silo build (replaced on every run)
#   /opt/anomaly_detector/lad/         the self-contained lad console (replaced on every run), linked as /usr/local/bin/lad
#   /opt/anomaly_detector/multihost.yaml  the configuration (installed once, never overwritten)
#   /etc/default/anomaly_detector      secrets as LAD_<KEY>=... (installed once; LAD_AUTH_TOKENS_FILE added when missing)
#   /etc/anomaly_detector/tokens       API tokens, one per role, freshly random (generated once, never overwritten)
#   /etc/systemd/system/anomaly_detector.service
#
# usage: deploy/install.sh [--root DIR] [--prebuilt DIR [--prebuilt-lad DIR]] [--runtime RID] [--no-systemctl]
#   --root DIR      install under DIR instead of / (also DESTDIR=DIR); skips user creation, ownership and systemctl
#   --prebuilt DIR  take an existing self-contained publish output (must contain lad-silo) instead of publishing
#   --prebuilt-lad DIR  the same for the lad console (must contain lad); with --prebuilt and without it, no console
#   --runtime RID   runtime identifier for publishing (default linux-x64)
#   --no-systemctl  do not run systemctl daemon-reload / enable
set -euo pipefail

readonly SERVICE=anomaly_detector
readonly SERVICE_USER=anomaly_detector
readonly BINARY=lad-silo
readonly CONSOLE=lad

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="${DESTDIR:-}"
prebuilt=""
prebuilt_lad=""
runtime="linux-x64"
systemctl_enabled=1

die() { echo "install.sh: $*" >&2; exit 2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --root) [[ $# -ge 2 ]] || die "--root needs a directory"; root="$2"; shift 2 ;;
    --root=*) root="${1#--root=}"; shift ;;
    --prebuilt) [[ $# -ge 2 ]] || die "--prebuilt needs a directory"; prebuilt="$2"; shift 2 ;;
    --prebuilt=*) prebuilt="${1#--prebuilt=}"; shift ;;
    --prebuilt-lad) [[ $# -ge 2 ]] || die "--prebuilt-lad needs a directory"; prebuilt_lad="$2"; shift 2 ;;
    --prebuilt-lad=*) prebuilt_lad="${1#--prebuilt-lad=}"; shift ;;
    --runtime) [[ $# -ge 2 ]] || die "--runtime needs a runtime identifier"; runtime="$2"; shift 2 ;;
    --no-systemctl) systemctl_enabled=0; shift ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}"; exit 0 ;;
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
staging_lad=""
trap '[[ -n "$staging" ]] && rm -rf "$staging"; [[ -n "$staging_lad" ]] && rm -rf "$staging_lad"' EXIT

if [[ -z "$prebuilt" ]]; then
  command -v dotnet >/dev/null || die "dotnet SDK not found; install it or pass --prebuilt DIR"
  staging="$(mktemp -d)"
  echo "Publishing $BINARY ($runtime, self-contained) ..."
  dotnet publish "$repo/src/Silo/Lad.Silo.csproj" -c Release -r "$runtime" --self-contained true -o "$staging" >/dev/null
  prebuilt="$staging"
  staging_lad="$(mktemp -d)"
  echo "Publishing $CONSOLE ($runtime, self-contained) ..."
  dotnet publish "$repo/src/Client/Lad.Client.csproj" -c Release -r "$runtime" --self-contained true -o "$staging_lad" >/dev/null
  prebuilt_lad="$staging_lad"
fi
[[ -x "$prebuilt/$BINARY" ]] || die "--prebuilt $prebuilt: no executable $BINARY in it"
[[ -z "$prebuilt_lad" || -x "$prebuilt_lad/$CONSOLE" ]] || die "--prebuilt-lad $prebuilt_lad: no executable $CONSOLE in it"

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

# The console beside the silo, for operators on the VM: its own directory (its libraries need not match the silo's),
# on the PATH through /usr/local/bin.
if [[ -n "$prebuilt_lad" ]]; then
  install -d -m 0755 "$opt/lad" "$root/usr/local/bin"
  rm -rf "${opt:?}/lad/"*
  cp -R "$prebuilt_lad/." "$opt/lad/"
  chmod 0755 "$opt/lad"
  chmod -R u=rwX,go=rX "$opt/lad"
  if [[ -z "$root" ]]; then
    chown -R root:root "$opt/lad"
  fi
  ln -sfn "/opt/$SERVICE/lad/$CONSOLE" "$root/usr/local/bin/$CONSOLE"
  echo "Installed the $CONSOLE console in $opt/lad (on the PATH as /usr/local/bin/$CONSOLE)"
else
  echo "No $CONSOLE console installed (--prebuilt without --prebuilt-lad)"
fi

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

# No control plane without tokens: fresh random ones (never printed) unless a tokens file exists. Only root and the
# service's group may read it; the silo refuses a file others may read.
tokens="$root/etc/$SERVICE/tokens"
if [[ -e "$tokens" ]]; then
  echo "Kept existing API tokens $tokens"
else
  install -d -m 0755 "$root/etc/$SERVICE"
  (
    umask 077
    {
      echo "# role     name     token (generated by install.sh; give each operator the token of their role, for lad --token-file)"
      for entry in "read viewer" "feedback oncall" "admin ops"; do
        # shellcheck disable=SC2086
        printf '%-10s %-8s %s\n' $entry "$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
      done
    } > "$tokens"
  )
  if [[ -z "$root" ]]; then
    chown root:"$SERVICE_USER" "$tokens"
    chmod 0640 "$tokens"
  fi
  echo "Generated API tokens (read, feedback, admin) in $tokens"
fi
if ! grep -q '^LAD_AUTH_TOKENS_FILE=' "$root/etc/default/$SERVICE"; then
  echo "LAD_AUTH_TOKENS_FILE=/etc/$SERVICE/tokens" >> "$root/etc/default/$SERVICE"
fi

if [[ $systemctl_enabled -eq 1 ]]; then
  systemctl daemon-reload
  systemctl enable "$SERVICE.service"
  echo "Enabled $SERVICE.service; start it with: systemctl start $SERVICE"
else
  echo "Skipped systemctl (run: systemctl daemon-reload && systemctl enable --now $SERVICE)"
fi
