"""One way every form renders: labelled fields with a required mark, help text, inline errors, an error
summary at the top, Chinese placeholders. Set as FORM_RENDERER, so `{{ form }}` anywhere uses
components/form.html and components/field.html."""

from django.forms import widgets
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

TYPED_INPUTS = (
    widgets.TextInput,
    widgets.EmailInput,
    widgets.URLInput,
    widgets.NumberInput,
    widgets.Textarea,
)
CHOOSE = "请选择…"


class StyledBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if (
            isinstance(widget, TYPED_INPUTS)
            and "placeholder" not in widget.attrs
            and "placeholder" not in attrs
            and self.label
        ):
            attrs["placeholder"] = f"请输入{self.label}"
        return attrs


class FormRenderer(TemplatesSetting):
    """Renders through the project's template engine, so the project's templates override Django's widget
    templates (the select's empty choice reads 请选择… instead of ---------)."""

    form_template_name = "components/form.html"
    field_template_name = "components/field.html"
    bound_field_class = StyledBoundField
