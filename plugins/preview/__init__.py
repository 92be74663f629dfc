"""preview: the preview behind `invoke serve` (not a Pelican plugin; never in PLUGINS).

- ``supervisor``: serves the output on loopback, watches the project with file-system
  events (``watchfiles``), and runs every build in a worker process (``worker``). A change
  to ``plugins/``, ``pelicanconf.py``, ``publishconf.py`` or ``requirements.lock`` ends
  that process (a build in progress is abandoned: its staging folder is never swapped
  in) and starts a fresh one, so new code runs.
- ``worker``: builds on request with ``content.build``; any failure is sent back as an
  explanation (``failure``), never a traceback, and the worker keeps serving requests.
- ``quick``: before that build, the page of an edited or new content file, from the last
  build's site model (the worker keeps it until the next build is known to run).
- ``server``: the HTTP handler. HTML pages get a small reload script (Server-Sent Events);
  while the last build failed, every page request gets the error page instead.

Nothing of this reaches a built site: the script is added while a page is served.
"""
