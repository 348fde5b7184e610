from django.forms.renderers import TemplatesSetting


class DKFDSFormRenderer(TemplatesSetting):
    """Renders every form and field with Det Fælles Designsystem markup."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
