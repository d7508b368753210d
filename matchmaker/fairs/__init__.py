"""Trade fairs and the clusters' joint stands."""
