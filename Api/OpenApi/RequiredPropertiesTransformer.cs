using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OrleansBackup.Api.OpenApi;

/// <summary>Marks every property the server always fills as required and non-null: value types
/// that are not <c>Nullable&lt;T&gt;</c>, and reference types not annotated <c>?</c>. The Api writes
/// every property (nulls included), so "required" is exact; only the <c>?</c> ones may be null.</summary>
internal sealed class RequiredPropertiesTransformer : IOpenApiSchemaTransformer
{
    private readonly NullabilityInfoContext _nullability = new();

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo;
        if (context.JsonPropertyInfo is not null || type.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object || schema.Properties is null)
        {
            return Task.CompletedTask;
        }

        foreach (var property in type.Properties)
        {
            if (!IsNonNullable(property.PropertyType, property.AttributeProvider) || !schema.Properties.TryGetValue(property.Name, out var propertySchema))
            {
                continue;
            }

            schema.Required ??= new HashSet<string>();
            schema.Required.Add(property.Name);
            if (propertySchema is OpenApiSchema concrete && concrete.Type is { } t && t.HasFlag(JsonSchemaType.Null))
            {
                concrete.Type = t & ~JsonSchemaType.Null;
            }
        }

        return Task.CompletedTask;
    }

    private bool IsNonNullable(Type type, ICustomAttributeProvider? member)
    {
        if (type.IsValueType) return Nullable.GetUnderlyingType(type) is null;
        var info = member switch
        {
            PropertyInfo p => _nullability.Create(p),
            FieldInfo f => _nullability.Create(f),
            _ => null,
        };
        return info?.ReadState == NullabilityState.NotNull;
    }
}
