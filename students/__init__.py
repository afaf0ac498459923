"""Where the apps meet around students: dashboards, class and assignment pages, the gradebook, progress and
weak spots, drills aimed at a student, and a student's data (export, deletion). It has no models of its own."""
