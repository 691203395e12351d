import factory

from motcua.accounts.models import AccountKind, IdentityKind, User

PASSWORD = "a-Long-test-passw0rd"


class StaffUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    kind = AccountKind.STAFF
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def persist_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class CitizenFactory(StaffUserFactory):
    kind = AccountKind.CITIZEN
    identity_kind = IdentityKind.CCCD
    identity_number = factory.Sequence(lambda n: f"001090{n:06d}")
    username = factory.LazyAttribute(lambda u: u.identity_number)
    full_name = factory.Sequence(lambda n: f"Công dân {n}")
