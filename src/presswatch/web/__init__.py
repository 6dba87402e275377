"""The web UI: static files (``static/``) served by :mod:`presswatch.api.app` at ``/``.

Plain JavaScript, no framework and no third-party library: charts and graphs are SVG drawn
by ``app.js``. Every value from the API is put into the page as text
(``textContent``/``createTextNode``, never ``innerHTML``), and the server's
Content-Security-Policy allows scripts from this server only, so a ``<script>`` in an
article is shown, never run.
"""
