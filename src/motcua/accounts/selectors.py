from django.db.models import QuerySet

from motcua.accounts.models import ApiToken, User


def user_by_username(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")
