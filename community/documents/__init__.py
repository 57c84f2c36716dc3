"""Documents every part of the site attaches (case studies, app templates,
curricula): the upload policy that judges a file by what it contains, and the
Wagtail document form that applies it."""
