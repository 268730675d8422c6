"""Helpers for tests that post the admin's change forms."""


def change_form_data(response):
    """What the admin change form posts when saved unchanged: each field's value, each inline's counts."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): value for name, value in management.initial.items()})
        forms += formset.forms
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is not None:
                data[bound.html_name] = value
    return data
