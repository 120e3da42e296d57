using Lad.Grains.Detection;
using Microsoft.Extensions.Hosting;

namespace Lad.Integration.Tests.Daemon;

/// <summary>Holds every slot of the silo's training gate from silo start, so trainings start (their boundary stored)
/// but read nothing until released: a test can cut MongoDB or stop the silo in the middle of a training.</summary>
internal sealed class TrainingHold(TrainingGate gate) : IHostedService
{
    private readonly List<IDisposable> _slots = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < gate.Capacity; i++)
        {
            _slots.Add(await gate.EnterAsync(cancellationToken));
        }
    }

    public void Release()
    {
        foreach (var slot in _slots)
        {
            slot.Dispose();
        }

        _slots.Clear();
    }

    // Stopping keeps the hold: a silo stopped mid-training must not finish the training on its way down.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
