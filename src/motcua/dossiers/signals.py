"""Moments of a dossier's life that other apps add to, inside the same transaction.

The dossier services send these; an app that keeps something about dossiers (the documents
app: stored files, the data warehouse, the figures of the reports) connects a receiver in its
AppConfig.ready. The dossiers app thus needs no import of those apps, and a receiver that
raises (a ValidationError, for instance) rolls the whole action back, as one service would.

- components_saved(dossier, handed_in, rows, first): papers were recorded for a dossier
  (reception, online submission, resubmission, correction); `handed_in` are the
  ComponentHandedIn given, `rows` the SubmittedComponent rows written, in the same order;
  `first` when they are all the dossier's papers (it had none before).
- dossier_received(dossier, actor, at): the receipt (Form 01) was given.
- result_returned(dossier, actor, at): the result was handed over, posted or delivered.
"""

from django.dispatch import Signal

components_saved = Signal()
dossier_received = Signal()
result_returned = Signal()
