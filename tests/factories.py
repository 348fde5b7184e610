import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from innovation.shared import permissions

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])

    class Params:
        member = factory.Trait(role=permissions.COMMITTEE_MEMBER)
        staff = factory.Trait(role=permissions.STAFF)
        secretariat = factory.Trait(role=permissions.SECRETARIAT, is_staff=True)
