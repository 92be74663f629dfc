"""Counting page views in the web server's access log, where the log is.

``COUNT`` is a POSIX shell + awk script run at the log's host: over the SSH connection
``invoke deploy`` uses (``publish.deploy.Target.sh``), or locally. It reads nginx's
default ``combined`` format::

    $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"

and prints only ``YYYY-MM-DD<TAB>/path/<TAB>count`` lines: successful (200/304) GET
requests of a page (a path ending in ``/``, ``index.html`` removed, query string
dropped), not made by a client whose user agent matches the bot pattern (or names
none); a reader (one address and one user agent, as web analytics tell unique
visitors) counts once a day per page, so one phone reloading a page sixty times does
not put it at the top of "Terpopuler". Addresses, user agents, referrers and query strings never leave the awk process:
no IP address is read by Python, sent over SSH or stored. Rotated logs are read too
(``access.log.1``, ``access.log.2.gz``…), through the glob given.
"""

from __future__ import annotations

from publish.deploy import DeployError, Target

# $1 = the log files (a glob, expanded at the host), $2 = the bot pattern (awk ERE, lowercase).
COUNT = r"""
set -u
found=0
for f in $1; do
  [ -f "$f" ] || continue
  [ -r "$f" ] || { echo "$f tidak boleh dibaca oleh pengguna ini (di Debian: masukkan ke grup adm)" >&2; exit 4; }
  found=1
done
[ "$found" = 1 ] || { echo "tidak ada berkas yang cocok" >&2; exit 3; }
for f in $1; do
  [ -f "$f" ] || continue
  case "$f" in *.gz) gzip -dc -- "$f" ;; *) cat -- "$f" ;; esac
done | LC_ALL=C awk -F'"' -v bots="$2" '
BEGIN { months = "JanFebMarAprMayJunJulAugSepOctNovDec" }
NF >= 6 {
  ua = tolower($6)
  if (ua == "" || ua == "-" || ua ~ bots) next
  split($3, st, " "); if (st[1] != "200" && st[1] != "304") next
  n = split($2, rq, " "); if (n < 2 || rq[1] != "GET") next
  uri = rq[2]; sub(/[?#].*/, "", uri); sub(/index\.html$/, "", uri)
  if (uri !~ /^\/([^\/.][^\/]*\/)*$/) next
  if (!match($1, /\[[0-9][0-9]?\/[A-Z][a-z][a-z]\/[0-9][0-9][0-9][0-9]/)) next
  split(substr($1, RSTART + 1, RLENGTH - 1), d, "/")
  m = (index(months, d[2]) + 2) / 3
  if (m < 1) next
  key = sprintf("%04d-%02d-%02d", d[3], m, d[1]) "\t" uri
  reader = substr($1, 1, index($1, " ") - 1) SUBSEP ua SUBSEP key
  if (reader in seen) next
  seen[reader] = 1
  count[key]++
}
END { for (k in count) print k "\t" count[k] }'
"""

# Clients that are not readers: crawlers, link previews, monitors, scripts, headless browsers.
# "bot" only as a crawler writes it (Googlebot/2.1, bingbot;, Slackbot-…): a CUBOT phone is
# a reader; so are Telegram's in-app browser (Telegram-Android/…; its previews are
# TelegramBot) and the Slack and Discord apps (their previews: Slackbot, Slack-ImgProxy,
# Discordbot).
DEFAULT_BOTS = (
    "bot([/;)_-]|$)|telegrambot|crawl|spider|slurp|archiver|facebookexternalhit|meta-externalagent|whatsapp/|"
    "skypeuripreview|slack-imgproxy|"
    "preview|lighthouse|pagespeed|headless|phantom|selenium|playwright|puppeteer|curl|wget|httpie|python|java/|"
    "go-http|okhttp|axios|node-fetch|libwww|scrapy|feed|rss|monitor|uptime|pingdom|check|scan|nikto|zgrab|masscan"
)


class StatistikError(Exception):
    """Counting failed; the message is for the operator."""


def count(log: str, target: Target | None = None, bots: str = DEFAULT_BOTS) -> dict[str, dict[str, int]]:
    """{day: {path: views}} from the access logs ``log`` (a glob) at the host of ``target``
    (a ``publish.deploy.Target``: its SSH command, port and options; None: here)."""
    target = target or Target(None, "/")
    host = target.host
    try:
        out = target.sh(COUNT, log, bots.lower())
    except DeployError as exc:
        detail = str(exc).split("): ", 1)[-1]
        raise StatistikError(f"log akses {log} tidak terbaca di {host or 'mesin ini'}: {detail}") from None
    days: dict[str, dict[str, int]] = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or not parts[2].isdigit():
            continue
        day, path, n = parts
        days.setdefault(day, {})[path] = days.get(day, {}).get(path, 0) + int(n)
    return days
