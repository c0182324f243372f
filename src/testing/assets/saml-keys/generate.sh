#!/usr/bin/env bash
# Regenerates the test-only SAML key pairs in this folder (see README.md). Not run by CI: the
# generated files are committed so every run signs with the same keys.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_pair() { # name, common name, key usage
  local name=$1 cn=$2 usage=$3
  mkdir -p "$work/$name/newcerts" && touch "$work/$name/index.txt" && echo 01 > "$work/$name/serial"
  cat > "$work/$name/ca.cnf" <<CNF
[ ca ]
default_ca = test
[ test ]
dir = $work/$name
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
default_md = sha256
policy = any
x509_extensions = ext
[ any ]
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = $cn
[ ext ]
subjectKeyIdentifier = hash
basicConstraints = critical,CA:FALSE
keyUsage = critical,$usage
CNF
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$name.key.pem" 2>/dev/null
  openssl req -new -key "$name.key.pem" -config "$work/$name/ca.cnf" -out "$work/$name/req.csr"
  openssl ca -batch -config "$work/$name/ca.cnf" -selfsign -keyfile "$name.key.pem" -in "$work/$name/req.csr" \
    -startdate 20250101000000Z -enddate 21250101000000Z -notext -out "$name.cert.pem" 2>/dev/null
}

make_pair idp-a 'Test IdP signing key A (test only)' digitalSignature
make_pair idp-b 'Test IdP signing key B (test only)' digitalSignature
make_pair attacker 'Attacker key (test only)' digitalSignature
make_pair sp-signing 'Test SP signing key (test only)' digitalSignature
make_pair sp-encryption 'Test SP encryption key (test only)' keyEncipherment
