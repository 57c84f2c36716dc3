"""One-time submission tokens: submitting a form twice creates one thing.

A form that creates something (a question, an answer, a comment, a visit request,
a message, a delivery record, an RSVP …) carries a hidden token made when the
form is shown. A double click, or a retry after a slow response, sends the same
token with the same content again; the view then gets the first result back
instead of creating a second one, and notifications (sent when the first
transaction commits) follow only the first::

    form = AnswerForm(request.POST)          # a OnceForm: it has the hidden token
    if form.is_valid():
        answer, first = once(request, form, lambda: services.post_answer(...))
        return redirect(answer)

The same token with *different* content (the form page restored by the browser
and used again for a new answer) creates anew: the receipt is keyed on the
member, the token and a fingerprint of what was submitted. Concurrent repeats
serialise on that unique key, so even two requests at the same instant create
one row.
"""
