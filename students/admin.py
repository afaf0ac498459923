"""The administrator's page for people: find an account and carry out a request to delete it.

Only the person or an administrator may delete an account (``privacy.student_data_delete``); a
student who cannot do it themselves (locked out, or a parent asking), or a teacher who has left,
needs the administrator to. Django's own "delete selected" would drop the rows, leave the audio and
drill files behind and cascade from a teacher's exercises into their students' takes, so the only
way to delete here is the service, which removes the files too, keeps what students' work needs
and logs the deletion.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from students import privacy
from tutor.errors import TutorError
from tutor.models import User


@admin.register(User)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["username", "email", "role", "is_active", "date_joined", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "email"]
    fields = readonly_fields = ("username", "email", "role", "is_active", "date_joined", "last_login")
    actions = ["delete_accounts"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # read-only: people change their own details on their account page

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # only through the action below, which removes the files too

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("delete_accounts", None)
        return actions

    @admin.action(description="Delete these accounts and their data (a teacher's students keep their work)")
    def delete_accounts(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor = request.user
        if not actor.is_superuser:
            self.message_user(request, "Only an administrator deletes accounts.", messages.ERROR)
            return
        deleted, kept, skipped = [], [], []
        for person in queryset:
            if person.is_superuser:
                skipped.append(f"{person.username} (an administrator)")
                continue
            self.log_deletions(request, queryset.filter(pk=person.pk))  # before: the row must still exist
            try:
                counts = privacy.student_data_delete(actor=actor, student=person, delete_account=True)
            except TutorError as exc:
                skipped.append(f"{person.username} ({exc.message})")
                continue
            deleted.append(person.username)
            if counts["exercises_kept_for_students"] or counts["quizzes_kept_for_students"]:
                kept.append(f"{person.username}: {counts['exercises_kept_for_students']} exercise(s), "
                            f"{counts['quizzes_kept_for_students']} quiz(zes)")
        if deleted:
            self.message_user(request, f"Deleted the accounts and data of: {', '.join(deleted)}.", messages.SUCCESS)
        if kept:
            self.message_user(request, "Kept for their students, who have takes or attempts of them, without an "
                              f"owner until the last of those goes: {'; '.join(kept)}.", messages.INFO)
        if skipped:
            self.message_user(request, f"Not deleted: {', '.join(skipped)}.", messages.WARNING)
