"""Quizzes generated from the glossary: questions, answers, scores, practice, daily posts."""
