"""Translation: everything that reads, checks, compiles or counts the translators' ``.po`` files.

- ``workflow``: the translator workflow (``make gettext``, ``update-po``, ``add-language``):
  extract the templates (``ui.pot`` from ``_()``/``ui()`` in the code), refresh and normalise
  catalogues.
- ``catalogues``: read a ``.po`` strictly (untrusted input), compile the safe messages to ``.mo``,
  look strings up (``translator``).  The build, ``make stats`` and ``make check-po`` share it.
- ``message_checks``: checks on one translated message (MyST structure, interface placeholders,
  numbers); ``catalogues`` drops a message that fails them.
- ``state``: one cached catalogue state per language (compiled ``.mo``, problems, completeness),
  so a no-op build parses no ``.po``.
- ``progress``: translated, fuzzy and untranslated counts (``make stats``, the status page).
- ``check_command``: ``make check-po``, every finding as file:line and a fix.
- ``change_rule``: ``make check-po-change``, a change either refreshes catalogues or translates.

The glossary's termbase and checks stay in ``build_tools/glossary_tools.py``: most of it checks the
English sources (definitions, references, first use), beside ``extensions/glossary.py``.
"""
