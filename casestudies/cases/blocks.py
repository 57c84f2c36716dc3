from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("who said it"), required=False, max_length=100)

    class Meta:
        icon = "openquote"
        template = "cases/blocks/quote.html"


class StepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=100)
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("steps"))

    class Meta:
        icon = "list-ol"
        template = "cases/blocks/steps.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=200)
    alt_text = blocks.CharBlock(label=_("alternative text"), max_length=200)

    class Meta:
        icon = "image"
        template = "cases/blocks/image.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        template = "cases/blocks/document_link.html"


class StoryBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, label=_("paragraph"), template="cases/blocks/paragraph.html"
    )
    image = ImageBlock()
    quote = QuoteBlock()
    steps = StepsBlock()
    document = DocumentLinkBlock()
