// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Vault.Kubernetes.Operator.Diagnostics;

/// <summary>Aggregates the <c>Vault.Kubernetes</c> meter (the operator's and Core's instruments) and renders the Prometheus text format.</summary>
/// <remarks>Counters and gauges keep one value per tag set, histograms a count and sum: a few hundred bytes per series, whatever the resource count.</remarks>
internal sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string Tags), Series> _series = new();

    public PrometheusExporter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == OperatorMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        _listener.Start();
    }

    /// <summary>Renders every series in the Prometheus text exposition format.</summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (IGrouping<string, KeyValuePair<(string Name, string Tags), Series>> group in _series.OrderBy(s => s.Key.Name, StringComparer.Ordinal).GroupBy(s => s.Key.Name))
        {
            Series first = group.First().Value;
            text.Append("# TYPE ").Append(group.Key).Append(' ').Append(first.Type).Append('\n');
            foreach (KeyValuePair<(string Name, string Tags), Series> series in group)
            {
                string tags = series.Key.Tags.Length == 0 ? string.Empty : "{" + series.Key.Tags + "}";
                if (series.Value.Type == "summary")
                {
                    text.Append(group.Key).Append("_count").Append(tags).Append(' ').Append(series.Value.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    text.Append(group.Key).Append("_sum").Append(tags).Append(' ').Append(series.Value.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
                else
                {
                    text.Append(group.Key).Append(tags).Append(' ').Append(series.Value.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        double number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        string name = Sanitize(instrument.Name);
        string type = instrument switch
        {
            Counter<T> or ObservableCounter<T> => "counter",
            Histogram<T> => "summary",
            _ => "gauge",
        };
        if (type == "counter" && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        var labels = new StringBuilder();
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (labels.Length > 0)
            {
                labels.Append(',');
            }

            labels.Append(Sanitize(tag.Key)).Append("=\"").Append(Convert.ToString(tag.Value, CultureInfo.InvariantCulture)?.Replace("\"", "'", StringComparison.Ordinal)).Append('"');
        }

        Series series = _series.GetOrAdd((name, labels.ToString()), _ => new Series(type));
        lock (series)
        {
            if (type == "gauge" || instrument is ObservableCounter<T>)
            {
                series.Value = number;
            }
            else
            {
                series.Value += number;
                series.Count++;
            }
        }
    }

    private static string Sanitize(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }

        return text.ToString();
    }

    private sealed class Series(string type)
    {
        public string Type { get; } = type;

        public double Value { get; set; }

        public long Count { get; set; }
    }
}
