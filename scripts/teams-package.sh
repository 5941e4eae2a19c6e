#!/usr/bin/env bash
# Builds the Microsoft Teams app package: manifests/teams/manifest.json with the bot's app id and StatusBot's public
# host filled in, plus color.png and outline.png, zipped flat (the layout Teams accepts for "Upload a custom app").
#
#   scripts/teams-package.sh <microsoft-app-id> <public-host> [output.zip]
#
# <microsoft-app-id>: the Azure Bot's Microsoft App ID (a GUID); it replaces the placeholder
#   00000000-0000-0000-0000-000000000000 in "id" and "bots[0].botId".
# <public-host>: the host name StatusBot is reached at (e.g. statusbot.contoso.com); it replaces statusbot.example.com
#   in the developer URLs and validDomains. Default output: artifacts/statusbot-teams.zip.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -lt 2 || $# -gt 3 ]]; then
  sed -n '5,10p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
app_id=$1
host=$2
out=${3:-artifacts/statusbot-teams.zip}

if [[ ! $app_id =~ ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$ ]]; then
  echo "The app id must be the Microsoft App ID, a GUID (got '$app_id')." >&2
  exit 2
fi
if [[ $app_id == 00000000-0000-0000-0000-000000000000 ]]; then
  echo "The app id is still the placeholder; pass the Azure Bot's Microsoft App ID." >&2
  exit 2
fi
if [[ ! $host =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]+)?$ ]]; then
  echo "The host must be a bare host name like statusbot.contoso.com, without scheme or path (got '$host')." >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed -e "s/00000000-0000-0000-0000-000000000000/$app_id/g" -e "s/statusbot\.example\.com/$host/g" \
  manifests/teams/manifest.json >"$work/manifest.json"
cp manifests/teams/color.png manifests/teams/outline.png "$work/"

mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
rm -f "$out"
# The files must sit at the zip's root, not in a folder.
if command -v zip >/dev/null 2>&1; then
  (cd "$work" && zip -q -X "$out" manifest.json color.png outline.png)
else
  (cd "$work" && python3 -m zipfile -c "$out" manifest.json color.png outline.png)
fi
echo "Wrote $out"
