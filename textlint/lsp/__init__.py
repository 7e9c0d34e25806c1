"""The editor server: textlint's findings and fixes over the Language Server
Protocol (``textlint server``; needs the ``lsp`` extra, which brings pygls).

``positions`` turns the engine's code-point offsets into LSP positions and
back; ``server`` is the pygls server itself.
"""
