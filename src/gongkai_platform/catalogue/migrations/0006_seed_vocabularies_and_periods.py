"""Seed 主题分类/体裁分类, point every item at the node of its old single-level value, and give the 索引号
serials their period (the year, as before). Reversible: items go back to their first-level names."""

from django.db import migrations

from gongkai_platform.catalogue import vocabulary


def forward(apps, schema_editor):
    Topic, Genre = apps.get_model("catalogue", "Topic"), apps.get_model("catalogue", "Genre")
    Item = apps.get_model("catalogue", "InformationItem")
    Sequence = apps.get_model("catalogue", "IndexNumberSequence")
    vocabulary.ensure_all(Topic, Genre)
    topics = {t.name: t.pk for t in Topic.objects.filter(parent=None)}
    genres = {g.name: g.pk for g in Genre.objects.filter(parent=None)}
    for old in Item.objects.values_list("topic", flat=True).distinct():
        name = vocabulary.RENAMED_TOPICS.get(old, old)
        Item.objects.filter(topic=old).update(topic_ref_id=topics.get(name, topics["其他"]))
    for old in Item.objects.values_list("genre", flat=True).distinct():
        Item.objects.filter(genre=old).update(genre_ref_id=genres.get(old, genres["其他"]))
    for year in Item.objects.exclude(index_year=None).values_list("index_year", flat=True).distinct():
        Item.objects.filter(index_year=year).update(index_period=str(year))
    for year in Sequence.objects.values_list("year", flat=True).distinct():
        Sequence.objects.filter(year=year).update(period=str(year))


def backward(apps, schema_editor):
    Item = apps.get_model("catalogue", "InformationItem")
    old_names = {new: old for old, new in vocabulary.RENAMED_TOPICS.items()}
    for item in Item.objects.select_related("topic_ref__parent", "genre_ref__parent"):
        topic = item.topic_ref.parent or item.topic_ref if item.topic_ref else None
        genre = item.genre_ref.parent or item.genre_ref if item.genre_ref else None
        item.topic = old_names.get(topic.name, topic.name) if topic else "综合政务"
        item.genre = genre.name if genre else "通知"
        item.save(update_fields=["topic", "genre"])


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_metadata_vocabularies_deliveries")]
    operations = [migrations.RunPython(forward, backward)]
