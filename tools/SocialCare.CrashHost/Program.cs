// Filled in with the SQLite store's crash-safety test.
return 0;
