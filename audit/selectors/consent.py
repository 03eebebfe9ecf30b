"""Who the consents are about: the names of the people, read per kind in one query each."""

from collections.abc import Iterable

from audit.models import SubjectType
from companies.models import Person
from training.models import Trainee
from users.models import User


def subject_names(pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """(kind, id) → the person's name now; a destroyed person is missing or has no name."""
    wanted: dict[str, set[int]] = {}
    for subject_type, subject_id in pairs:
        wanted.setdefault(subject_type, set()).add(subject_id)
    names = {}
    if SubjectType.PERSON in wanted:
        people = Person.objects.filter(pk__in=wanted[SubjectType.PERSON])
        for pk, name in people.values_list("pk", "name"):
            names[(SubjectType.PERSON, pk)] = name
    if SubjectType.TRAINEE in wanted:
        trainees = Trainee.objects.filter(pk__in=wanted[SubjectType.TRAINEE])
        for pk, name in trainees.values_list("pk", "name"):
            names[(SubjectType.TRAINEE, pk)] = name
    if SubjectType.MENTOR in wanted:
        mentors = User.objects.filter(pk__in=wanted[SubjectType.MENTOR])
        for pk, name, email in mentors.values_list("pk", "name", "email"):
            names[(SubjectType.MENTOR, pk)] = name or email
    return names
