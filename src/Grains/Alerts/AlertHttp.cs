using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Lad.Grains.Alerts;

/// <summary>POSTs JSON to a receiver and turns every way it can fail into an <see cref="AlertDeliveryException"/>.</summary>
internal static class AlertHttp
{
    public static async Task PostAsync<T>(
        HttpClient http, Uri url, string? authorization, T body, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: json) };
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new AlertDeliveryException($"{url.GetLeftPart(UriPartial.Authority)} unreachable: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertDeliveryException($"{url.GetLeftPart(UriPartial.Authority)} did not answer within {http.Timeout.TotalSeconds} s", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new AlertDeliveryException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}: {text[..Math.Min(text.Length, 200)]}");
            }
        }
    }
}
