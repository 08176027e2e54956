"""The logic behind each chapter: functions from the data to the views a notebook shows."""
