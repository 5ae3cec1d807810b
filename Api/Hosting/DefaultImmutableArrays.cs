using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json.Serialization.Metadata;

namespace OrleansBackup.Api.Hosting;

/// <summary>Writes a default (uninitialised) <see cref="ImmutableArray{T}"/> property as [] instead of
/// throwing. A contract modifier rather than a converter, so the OpenAPI schema stays a typed array.</summary>
internal static class DefaultImmutableArrays
{
    public static void Modify(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            var type = property.PropertyType;
            if (property.Get is not { } get || !type.IsGenericType || type.GetGenericTypeDefinition() != typeof(ImmutableArray<>))
            {
                continue;
            }

            var isDefault = type.GetProperty(nameof(ImmutableArray<int>.IsDefault))!;
            var empty = type.GetField(nameof(ImmutableArray<int>.Empty), BindingFlags.Public | BindingFlags.Static)!.GetValue(null);
            property.Get = owner => get(owner) is { } value && !(bool)isDefault.GetValue(value)! ? value : empty;
        }
    }
}
