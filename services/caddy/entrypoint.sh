#!/bin/sh
# Chooses how Caddy gets its certificate, then runs it:
#  1. ./certificates/fullchain.pem + privkey.pem when the operator put them there;
#  2. otherwise Let's Encrypt for DOMAIN (a public name reachable on ports 80 and 443);
#  3. for DOMAIN=localhost (or an IP address), Caddy's internal CA.
set -eu
DOMAIN="${DOMAIN:-localhost}"
if [ -f /certificates/fullchain.pem ] && [ -f /certificates/privkey.pem ]; then
  TLS_LINE="tls /certificates/fullchain.pem /certificates/privkey.pem"
  echo "caddy: using the certificate in ./certificates for $DOMAIN"
elif [ "$DOMAIN" = "localhost" ] || echo "$DOMAIN" | grep -Eq '^[0-9.]+$|:'; then
  TLS_LINE="tls internal"
  echo "caddy: no certificate in ./certificates; using Caddy's internal CA for $DOMAIN"
else
  # An empty line leaves Caddy's automatic HTTPS (Let's Encrypt / ZeroSSL) to do its work.
  TLS_LINE="${ACME_EMAIL:+tls $ACME_EMAIL}"
  echo "caddy: no certificate in ./certificates; asking Let's Encrypt for $DOMAIN"
fi
printf '%s\n' "$TLS_LINE" > /tmp/webphone-tls.caddy
export DOMAIN
exec caddy run --config /etc/caddy/Caddyfile --adapter caddyfile
