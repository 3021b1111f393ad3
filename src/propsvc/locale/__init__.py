"""The message catalogue: ``propsvc.pot``, ``zh_CN/LC_MESSAGES/propsvc.po`` (see README.md)
and its extraction (``python -m propsvc.locale.extract``, i.e. ``make messages``)."""
