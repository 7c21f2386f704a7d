#!/usr/bin/env bash
# Vendor the dashboard's JavaScript from the npm registry into the package (run by a maintainer when
# upgrading; the files are committed, so installing armsledger fetches nothing and pages load no CDN).
#   bash scripts/vendor-web-assets.sh
# vega-interpreter ships only as an ES module importing vega-util; it is wrapped into a classic
# script that takes those three functions from the vega bundle (which exports them), so the
# dashboard runs Vega's CSP-safe expression interpreter under `script-src 'self'` (no eval).
set -euo pipefail
cd "$(dirname "$0")/.."
VEGA=6.4.0 VEGA_LITE=6.4.3 VEGA_EMBED=7.3.0 VEGA_INTERPRETER=2.3.2 SWAGGER_UI=5.35.0
out=src/armsledger/present/web/static/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && npm pack --silent "vega@$VEGA" "vega-lite@$VEGA_LITE" "vega-embed@$VEGA_EMBED" \
    "vega-interpreter@$VEGA_INTERPRETER" "swagger-ui-dist@$SWAGGER_UI" >/dev/null )
unpack() { mkdir -p "$tmp/$1" && tar xzf "$tmp/$1-$2.tgz" -C "$tmp/$1"; }
unpack vega "$VEGA"; unpack vega-lite "$VEGA_LITE"; unpack vega-embed "$VEGA_EMBED"
unpack vega-interpreter "$VEGA_INTERPRETER"; unpack swagger-ui-dist "$SWAGGER_UI"
rm -rf "$out" && mkdir -p "$out/licenses"
cp "$tmp/vega/package/build/vega.min.js" "$out/vega.min.js"
cp "$tmp/vega-lite/package/build/vega-lite.min.js" "$out/vega-lite.min.js"
cp "$tmp/vega-embed/package/build/vega-embed.min.js" "$out/vega-embed.min.js"
{
  echo "/* vega-interpreter $VEGA_INTERPRETER (BSD-3-Clause), wrapped as a classic script by scripts/vendor-web-assets.sh */"
  echo "(function (vega) {"
  echo "const { ascending, isString, DisallowedObjectProperties } = vega;"
  grep -v "^import " "$tmp/vega-interpreter/package/build/vega-interpreter.js" | grep -v "^export "
  echo "window.vegaInterpreter = { expressionInterpreter: expression };"
  echo "})(window.vega);"
} > "$out/vega-interpreter.js"
cp "$tmp/swagger-ui-dist/package/swagger-ui-bundle.js" "$out/swagger-ui-bundle.js"
cp "$tmp/swagger-ui-dist/package/swagger-ui.css" "$out/swagger-ui.css"
for name in vega vega-lite vega-embed vega-interpreter swagger-ui-dist; do
  cp "$tmp/$name/package/LICENSE" "$out/licenses/$name.LICENSE"
done
cat > "$out/VERSIONS" <<TXT
vega $VEGA (BSD-3-Clause)
vega-lite $VEGA_LITE (BSD-3-Clause)
vega-embed $VEGA_EMBED (BSD-3-Clause)
vega-interpreter $VEGA_INTERPRETER (BSD-3-Clause)
swagger-ui-dist $SWAGGER_UI (Apache-2.0)
TXT
echo "vendored into $out:" && ls -la "$out"
