#!/usr/bin/env bash
# Microsoft's own validator on the built Teams app package: the Microsoft 365 Agents Toolkit CLI, `atk validate
# --manifest-file` (the manifest's schema and the Teams validation rules, offline; no sign-in). CI runs it after
# `npm test`. Figures (shared 2-core machine): installing the CLI about 3 min the first time, validating 10-13 s.
set -euo pipefail
cd "$(dirname "$0")/.."

ATK_VERSION=1.1.17
TOOLS="$PWD/devTools/atk" # git-ignored

# The CLI's keychain dependency (keytar) builds against libsecret when npm runs its install script.
if ! dpkg -s libsecret-1-dev >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q && apt-get install -y -q libsecret-1-dev
  else
    echo "libsecret-1-dev is missing: sudo apt-get install -y libsecret-1-dev" >&2
    exit 1
  fi
fi

if [ "$(node -p "try { require('$TOOLS/node_modules/@microsoft/m365agentstoolkit-cli/package.json').version } catch { '' }")" != "$ATK_VERSION" ]; then
  npm install --prefix "$TOOLS" --no-audit --no-fund --save-exact "@microsoft/m365agentstoolkit-cli@$ATK_VERSION"
fi

# The package as `npm run package` builds it, with placeholder values for the bot's id and host.
MicrosoftAppId=00000000-0000-4000-8000-000000000000 BOT_DOMAIN=cpor-assistant.example.com npm run package --silent
unpacked="$(mktemp -d)"
trap 'rm -rf "$unpacked"' EXIT
node -e "new (require('adm-zip'))(process.argv[1]).extractAllTo(process.argv[2], true)" dist/appPackage/cpor-assistant.zip "$unpacked"

started=$SECONDS
"$TOOLS/node_modules/.bin/atk" validate --manifest-file "$unpacked/manifest.json" --telemetry false
echo "atk validate: the Teams app package passed Microsoft's validator in $((SECONDS - started)) s"
