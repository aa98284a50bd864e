using BenchmarkDotNet.Running;
using UserDataFeed.Bench.Micro;

BenchmarkSwitcher.FromAssembly(typeof(MicroConfig).Assembly).Run(args, MicroConfig.Create());
