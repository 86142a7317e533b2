// Replaced by the inbox sample (issue 8); only here so that the solution builds while it is written.
var app = WebApplication.CreateBuilder(args).Build();
app.Run();
