# Sourced by scripts/load.sh and scripts/throughput.sh: the settings a measurement runs under,
# as production runs: debug off with a throwaway secret key, plain HTTP on loopback (the
# agency's network, so no second factor), the database cache the workers share for rate limits,
# and connections kept between requests as .env.example sets them.
export DJANGO_DEBUG=false
DJANGO_SECRET_KEY="measurement-only-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(40))')"
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false DJANGO_HSTS_SECONDS=0
export MFA_TRUSTED_NETWORKS=127.0.0.0/8
export DJANGO_CACHE_URL="${DJANGO_CACHE_URL:-db://}"
export DB_CONN_MAX_AGE="${DB_CONN_MAX_AGE:-60}"
