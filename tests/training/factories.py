import factory

from tests.factories import StaffFactory
from training.models import Trainee, TrainingCourse, TrainingTrack


class TrainingCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCourse

    name = factory.Sequence(lambda n: f"AI 과정 {n}")
    track = TrainingTrack.PROFESSIONAL
    year = 2021
    hours = 40
    created_by = factory.SubFactory(StaffFactory)


class TraineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainee

    course = factory.SubFactory(TrainingCourseFactory)
    name = "김민서"
