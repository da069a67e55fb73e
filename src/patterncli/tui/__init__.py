"""`pattern browse`: an interactive reference with live fuzzy search, built on Textual.

    app.py        BrowseApp: the screens, the keys that work everywhere, the exit status
    library.py    the cards as the app sees them: one load of the card path, made visible, and
                  the core's search, compare, resolve and match over them
    text.py       Rich Text made only from visible strings
    screens/      search (and match) mode, the reader, the comparison, the keys
    widgets/      the hit list and the section preview

Only `commands.browse` imports this package, so no other command pays for Textual. Every
piece of card text shown here passes `safe_text.visible` (library.py makes the loaded card data
visible; text.py makes every Text the app builds), and card text is only ever Rich Text,
never markup.
"""
