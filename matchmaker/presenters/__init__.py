"""Plain results as text for people, shared by the blueprints and the API (no views here)."""
