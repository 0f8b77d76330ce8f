// The AgentDashboard sample: `dotnet run --project docs/samples/AgentDashboard`, then open http://localhost:5180.
await AgentDashboard.AgentDashboardApp.Create(args).RunAsync();
