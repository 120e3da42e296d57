using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lad.Silo.Web;

/// <summary>Refuses a request to the API that names a query parameter its endpoint does not take, with a <c>400</c>
/// naming it and the ones the endpoint takes.</summary>
/// <remarks>Minimal APIs ignore query parameters they do not bind, so a misspelt filter (<c>hostname=</c> for
/// <c>host=</c>, <c>page=</c> for <c>skip=</c>) answered as if there were no filter: every host's anomalies, the first
/// page again, with nothing to tell the operator or script that read them. An endpoint takes the query parameters its
/// handler names (matched without regard to case, as binding does).</remarks>
internal static class QueryParameterCheck
{
    /// <summary>Adds the check to every endpoint of <paramref name="group"/>.</summary>
    public static RouteGroupBuilder RefusingUnknownQueryParameters(this RouteGroupBuilder group)
    {
        group.AddEndpointFilterFactory(Filter);
        return group;
    }

    private static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var taken = context.MethodInfo.GetParameters().Where(TakenFromTheRequest).Select(p => p.Name!).ToList();
        var known = new HashSet<string>(taken, StringComparer.OrdinalIgnoreCase);
        var listed = taken.Count == 0 ? "none" : string.Join(", ", taken);
        return invocation =>
        {
            var unknown = invocation.HttpContext.Request.Query.Keys.Where(k => !known.Contains(k)).ToList();
            return unknown.Count == 0
                ? next(invocation)
                : ValueTask.FromResult<object?>(ApiResponses.BadRequest(
                    $"{string.Join(", ", unknown)}: not a query parameter of {invocation.HttpContext.Request.Method} {invocation.HttpContext.Request.Path} (it takes {listed})"));
        };
    }

    // The plain values a handler binds from the route or the query, not services, the context or a body it reads itself.
    private static bool TakenFromTheRequest(ParameterInfo parameter) =>
        parameter.GetCustomAttribute<FromServicesAttribute>() is null
        && (Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType) is var type
        && (type == typeof(string) || type.IsPrimitive);
}
