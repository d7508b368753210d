"""Following an invitation link: claim an organisation by creating one's account."""
