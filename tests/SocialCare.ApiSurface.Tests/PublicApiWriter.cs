using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace SocialCare.ApiSurface.Tests;

/// <summary>
/// Writes a public surface as deterministic text: one header line per exported type, sorted by full name, then its public
/// and protected members, one indented line each, grouped (constructors, methods, properties, fields, events) and sorted
/// by name. Compiler-synthesized members are left out. Types in System namespaces are written without their namespace.
/// </summary>
internal static class PublicApiWriter
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private const string CompilerServices = "System.Runtime.CompilerServices.";

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(object)] = "object", [typeof(string)] = "string", [typeof(bool)] = "bool",
        [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte", [typeof(char)] = "char", [typeof(short)] = "short",
        [typeof(ushort)] = "ushort", [typeof(int)] = "int", [typeof(uint)] = "uint", [typeof(long)] = "long",
        [typeof(ulong)] = "ulong", [typeof(float)] = "float", [typeof(double)] = "double", [typeof(decimal)] = "decimal",
        [typeof(nint)] = "nint", [typeof(nuint)] = "nuint",
    };

    /// <summary>Returns the surface of <paramref name="assembly"/>, lines separated by <c>\n</c>, ending with one.</summary>
    public static string Write(Assembly assembly) => Write(assembly.GetExportedTypes());

    public static string Write(IEnumerable<Type> types)
    {
        var context = new NullabilityInfoContext(); // not thread-safe: one per call
        var text = new StringBuilder();
        foreach (var type in types.Where(t => !IsCompilerGenerated(t)).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(Header(type, context)).Append('\n');
            foreach (var member in Members(type, context))
            {
                text.Append("    ").Append(member).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Header(Type type, NullabilityInfoContext context)
    {
        var header = new StringBuilder(Obsolete(type));
        if (type.IsEnum && type.IsDefined(typeof(FlagsAttribute), false)) header.Append("[Flags] ");
        if (type.IsSubclassOf(typeof(Delegate)))
        {
            var invoke = type.GetMethod("Invoke")!;
            return header.Append("public delegate ").Append(ReturnType(invoke, context)).Append(' ').Append(DeclarationName(type))
                .Append(Parameters(invoke, context)).Append(Constraints(type.GetGenericArguments())).ToString();
        }

        header.Append("public ").Append(
            type.IsInterface || type.IsValueType ? string.Empty
            : type.IsAbstract && type.IsSealed ? "static "
            : type.IsAbstract ? "abstract "
            : type.IsSealed ? "sealed " : string.Empty);
        if (type.IsValueType && HasAttribute(type.CustomAttributes, CompilerServices + "IsReadOnlyAttribute")) header.Append("readonly ");
        if (type.IsByRefLike) header.Append("ref ");
        var record = IsRecord(type);
        header.Append(type.IsInterface ? "interface" : type.IsEnum ? "enum" : type.IsValueType ? (record ? "record struct" : "struct")
            : record ? "record" : "class").Append(' ').Append(DeclarationName(type));

        var bases = new List<string>();
        if (type.IsEnum && Enum.GetUnderlyingType(type) != typeof(int)) bases.Add(TypeName(Enum.GetUnderlyingType(type)));
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum))
        {
            bases.Add(TypeName(baseType));
        }

        var inherited = type.BaseType?.GetInterfaces() ?? [];
        bases.AddRange(type.GetInterfaces()
            .Where(i => i.IsVisible && !inherited.Contains(i) && !(record && i == typeof(IEquatable<>).MakeGenericType(type)))
            .Select(i => TypeName(i)).Order(StringComparer.Ordinal));
        if (bases.Count > 0) header.Append(" : ").AppendJoin(", ", bases);
        return header.Append(type.IsGenericTypeDefinition ? Constraints(type.GetGenericArguments()) : string.Empty).ToString();
    }

    // Records: class records have a <Clone>$ method, record structs a compiler-generated PrintMembers.
    private static bool IsRecord(Type type) =>
        type.GetMethod("<Clone>$", Declared) is not null
        || (type.IsValueType && type.GetMethod("PrintMembers", Declared) is { } print && IsCompilerGenerated(print));

    private static IEnumerable<string> Members(Type type, NullabilityInfoContext context)
    {
        if (type.IsEnum)
        {
            return type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => (f.Name, Value: f.GetRawConstantValue()!))
                .OrderBy(f => Convert.ToDecimal(f.Value, CultureInfo.InvariantCulture)).ThenBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => $"{f.Name} = {Convert.ToString(f.Value, CultureInfo.InvariantCulture)}");
        }

        if (type.IsSubclassOf(typeof(Delegate))) return [];

        var members = type.GetMembers(Declared).Where(m => IsVisible(m, type) && !IsSynthesized(m)).ToList();
        IEnumerable<string> Group(MemberTypes kind, Func<MemberInfo, string> write) => members.Where(m => m.MemberType == kind)
            .Select(m => (m.Name, Line: write(m))).OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Line, StringComparer.Ordinal)
            .Select(m => m.Line);

        return Group(MemberTypes.Constructor, m => Method((MethodBase)m, type, context))
            .Concat(Group(MemberTypes.Method, m => Method((MethodBase)m, type, context)))
            .Concat(Group(MemberTypes.Property, m => Property((PropertyInfo)m, type, context)))
            .Concat(Group(MemberTypes.Field, m => Field((FieldInfo)m, context)))
            .Concat(Group(MemberTypes.Event, m => Event((EventInfo)m, type, context)))
            .ToList();
    }

    // Public, or protected where a class outside the assembly can derive from the type. Nested types get a header of their own.
    private static bool IsVisible(MemberInfo member, Type type) => member switch
    {
        MethodBase m => IsVisible(m, type),
        PropertyInfo p => IsVisible(p.GetMethod, type) || IsVisible(p.SetMethod, type),
        EventInfo e => IsVisible(e.AddMethod, type),
        FieldInfo f => f.IsPublic || (!type.IsSealed && (f.IsFamily || f.IsFamilyOrAssembly)),
        _ => false,
    };

    private static bool IsVisible(MethodBase? method, Type type) =>
        method is not null && (method.IsPublic || (!type.IsSealed && (method.IsFamily || method.IsFamilyOrAssembly)));

    // The record plumbing (<Clone>$, EqualityContract, copy constructor and the synthesized Equals, GetHashCode, ToString,
    // PrintMembers, ==, != and Deconstruct, which carry [CompilerGenerated]) and accessors, shown through their property or event.
    private static bool IsSynthesized(MemberInfo member) =>
        member.Name.Contains('<', StringComparison.Ordinal) || member.Name.Contains('$', StringComparison.Ordinal)
        || member.Name == "EqualityContract" || IsCompilerGenerated(member)
        || (member is MethodInfo { IsSpecialName: true } method && !method.Name.StartsWith("op_", StringComparison.Ordinal));

    private static string Method(MethodBase method, Type type, NullabilityInfoContext context)
    {
        var line = new StringBuilder(Obsolete(method)).Append(Access(method)).Append(Modifiers(method, type));
        if (method is not MethodInfo info) return line.Append(SimpleName(type)).Append(Parameters(method, context)).ToString();

        line.Append(ReturnType(info, context)).Append(' ').Append(info.Name);
        var generic = info.IsGenericMethodDefinition ? info.GetGenericArguments() : [];
        if (generic.Length > 0) line.Append('<').AppendJoin(", ", generic.Select(a => a.Name)).Append('>');
        return line.Append(Parameters(info, context)).Append(Constraints(generic)).ToString();
    }

    private static string Property(PropertyInfo property, Type type, NullabilityInfoContext context)
    {
        // The property is as accessible as its most accessible accessor; the other one may be narrower or absent.
        var accessor = new[] { property.GetMethod, property.SetMethod }.Where(a => IsVisible(a, type)).MaxBy(a => a!.IsPublic)!;
        var line = new StringBuilder(Obsolete(property)).Append(Access(accessor)).Append(Modifiers(accessor, type));
        if (HasAttribute(property.CustomAttributes, CompilerServices + "RequiredMemberAttribute")) line.Append("required ");
        var flags = Flags(property.CustomAttributes, property);
        var index = property.GetIndexParameters().Select(p => Parameter(p, context)).ToArray();
        line.Append(TypeName(property.PropertyType, context.Create(property), flags, writeState: property.GetMethod is null))
            .Append(' ').Append(index.Length == 0 ? property.Name : $"this[{string.Join(", ", index)}]").Append(" {");
        if (property.GetMethod is { } get && IsVisible(get, type))
        {
            line.Append(' ').Append(get.IsPublic == accessor.IsPublic ? string.Empty : Access(get)).Append("get;");
        }

        if (property.SetMethod is { } set && IsVisible(set, type))
        {
            var init = set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
            line.Append(' ').Append(set.IsPublic == accessor.IsPublic ? string.Empty : Access(set)).Append(init ? "init;" : "set;");
        }

        return line.Append(" }").ToString();
    }

    private static string Field(FieldInfo field, NullabilityInfoContext context)
    {
        var line = new StringBuilder(Obsolete(field)).Append(field.IsPublic ? "public " : "protected ")
            .Append(field.IsLiteral ? "const " : field.IsStatic ? "static " : string.Empty).Append(field.IsInitOnly ? "readonly " : string.Empty)
            .Append(TypeName(field.FieldType, context.Create(field), Flags(field.CustomAttributes, field))).Append(' ').Append(field.Name);
        return field.IsLiteral ? line.Append(" = ").Append(Literal(field.GetRawConstantValue(), field.FieldType)).ToString() : line.ToString();
    }

    private static string Event(EventInfo @event, Type type, NullabilityInfoContext context) =>
        $"{Obsolete(@event)}{Access(@event.AddMethod!)}{Modifiers(@event.AddMethod!, type)}event " +
        $"{TypeName(@event.EventHandlerType!, context.Create(@event), Flags(@event.CustomAttributes, @event))} {@event.Name}";

    private static string Access(MethodBase method) => method.IsPublic ? "public " : "protected ";

    private static string Modifiers(MethodBase method, Type type)
    {
        var isOverride = method is MethodInfo info && info.GetBaseDefinition().DeclaringType != info.DeclaringType;
        var modifiers = method.IsStatic ? "static " : string.Empty;
        if (type.IsInterface) // instance members are implicitly abstract or virtual; static ones say which
        {
            return modifiers + (!method.IsStatic ? string.Empty : method.IsAbstract ? "abstract " : method.IsVirtual ? "virtual " : string.Empty);
        }

        if (method.IsAbstract) return modifiers + (isOverride ? "abstract override " : "abstract ");
        if (isOverride) return modifiers + (method.IsFinal ? "sealed override " : "override ");
        return modifiers + (method.IsVirtual && !method.IsFinal ? "virtual " : string.Empty);
    }

    private static string ReturnType(MethodInfo method, NullabilityInfoContext context)
    {
        var attributes = method.ReturnParameter.CustomAttributes;
        var byRef = !method.ReturnType.IsByRef ? string.Empty
            : HasAttribute(attributes, CompilerServices + "IsReadOnlyAttribute") ? "ref readonly " : "ref ";
        return byRef + TypeName(method.ReturnType, context.Create(method.ReturnParameter), Flags(attributes, method));
    }

    private static string Parameters(MethodBase method, NullabilityInfoContext context)
    {
        var extension = method.IsStatic && method.IsDefined(typeof(ExtensionAttribute), false);
        var parameters = method.GetParameters().Select((p, i) => (extension && i == 0 ? "this " : string.Empty) + Parameter(p, context));
        return "(" + string.Join(", ", parameters) + ")";
    }

    private static string Parameter(ParameterInfo parameter, NullabilityInfoContext context)
    {
        var text = new StringBuilder();
        if (parameter.IsDefined(typeof(ParamArrayAttribute), false) || parameter.IsDefined(typeof(ParamCollectionAttribute), false))
        {
            text.Append("params ");
        }

        if (parameter.ParameterType.IsByRef)
        {
            text.Append(parameter.IsOut ? "out " : parameter.IsIn ? "in "
                : HasAttribute(parameter.CustomAttributes, CompilerServices + "RequiresLocationAttribute") ? "ref readonly " : "ref ");
        }

        text.Append(TypeName(parameter.ParameterType, context.Create(parameter), Flags(parameter.CustomAttributes, parameter.Member)))
            .Append(' ').Append(parameter.Name);
        return parameter.HasDefaultValue
            ? text.Append(" = ").Append(Literal(parameter.RawDefaultValue, parameter.ParameterType)).ToString()
            : text.ToString();
    }

    private static string Literal(object? value, Type type)
    {
        type = type.IsByRef ? type.GetElementType()! : type;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return value switch
        {
            null => type.IsValueType && underlying == type ? "default" : "null",
            string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
            char c => $"'{c}'",
            bool b => b ? "true" : "false",
            _ when underlying.IsEnum => Enum.GetName(underlying, value) is { } name
                ? $"{TypeName(underlying)}.{name}" : $"({TypeName(underlying)}){Convert.ToString(value, CultureInfo.InvariantCulture)}",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        };
    }

    /// <summary>
    /// Writes a type the C# way (keywords, <c>T?</c>, <c>int?</c>, <c>List&lt;T&gt;</c>, arrays). Nullability comes from
    /// <see cref="NullabilityInfoContext"/>, except for type parameters: it reports an unconstrained <c>T</c> as nullable even
    /// where the source says <c>T</c>, so those read the declared [Nullable] flags instead.
    /// </summary>
    private static string TypeName(Type type, NullabilityInfo? info = null, NullableFlags? flags = null, bool writeState = false)
    {
        if (type.IsByRef) return TypeName(type.GetElementType()!, info?.ElementType ?? info, flags, writeState);
        if (Nullable.GetUnderlyingType(type) is { } inner) return TypeName(inner, info?.GenericTypeArguments.FirstOrDefault(), flags) + "?";
        var flag = type.IsValueType && !type.IsGenericType && !type.IsGenericParameter ? (byte)0 : flags?.Next() ?? 0;
        var state = info is null ? NullabilityState.Unknown : writeState ? info.WriteState : info.ReadState;
        var isNullable = type.IsGenericParameter && flags is not null ? flag == 2 : state == NullabilityState.Nullable;
        var nullable = isNullable && !type.IsValueType ? "?" : string.Empty;
        if (type.IsArray)
        {
            return TypeName(type.GetElementType()!, info?.ElementType, flags) + "[" + new string(',', type.GetArrayRank() - 1) + "]" + nullable;
        }

        if (type.IsPointer) return TypeName(type.GetElementType()!) + "*";
        if (type.IsGenericParameter) return type.Name + nullable;
        if (Keywords.TryGetValue(type, out var keyword)) return keyword + nullable;

        // Type arguments come in order including those of the containing types (they take flags), but only own ones are written.
        var arguments = type.GetGenericArguments()
            .Select((a, i) => TypeName(a, info?.GenericTypeArguments.ElementAtOrDefault(i), flags)).ToArray();
        var own = arguments[(arguments.Length - OwnGenericArguments(type).Length)..];
        return Qualifier(type) + SimpleName(type) + (own.Length > 0 ? $"<{string.Join(", ", own)}>" : string.Empty) + nullable;
    }

    private static string DeclarationName(Type type)
    {
        var own = OwnGenericArguments(type).Select(p => (p.GenericParameterAttributes & GenericParameterAttributes.VarianceMask) switch
        {
            GenericParameterAttributes.Covariant => "out " + p.Name,
            GenericParameterAttributes.Contravariant => "in " + p.Name,
            _ => p.Name,
        }).ToArray();
        return Qualifier(type) + SimpleName(type) + (own.Length > 0 ? $"<{string.Join(", ", own)}>" : string.Empty);
    }

    private static string Qualifier(Type type) =>
        type.IsNested ? TypeName(type.DeclaringType!) + "."
        : type.Namespace is null || type.Namespace == "System" || type.Namespace.StartsWith("System.", StringComparison.Ordinal) ? string.Empty
        : type.Namespace + ".";

    private static Type[] OwnGenericArguments(Type type) =>
        type.GetGenericArguments()[(type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0)..];

    private static string SimpleName(Type type) => type.Name.Split('`')[0];

    private static string Constraints(Type[] parameters)
    {
        var text = new StringBuilder();
        foreach (var parameter in parameters)
        {
            var attributes = parameter.GenericParameterAttributes;
            var isStruct = attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint);
            var constraints = new List<string>();
            if (attributes.HasFlag(GenericParameterAttributes.ReferenceTypeConstraint)) constraints.Add("class");
            if (isStruct) constraints.Add("struct");
            constraints.AddRange(parameter.GetGenericParameterConstraints()
                .Where(c => c != typeof(ValueType)).Select(c => TypeName(c)).Order(StringComparer.Ordinal));
            if (attributes.HasFlag(GenericParameterAttributes.DefaultConstructorConstraint) && !isStruct) constraints.Add("new()");
            if (attributes.HasFlag(GenericParameterAttributes.AllowByRefLike)) constraints.Add("allows ref struct");
            if (constraints.Count > 0) text.Append(" where ").Append(parameter.Name).Append(" : ").AppendJoin(", ", constraints);
        }

        return text.ToString();
    }

    // Not the [Obsolete] that the compiler puts on constructors of types with required members, beside [CompilerFeatureRequired].
    private static string Obsolete(MemberInfo member) =>
        member.IsDefined(typeof(ObsoleteAttribute), false) && !member.IsDefined(typeof(CompilerFeatureRequiredAttribute), false)
            ? "[Obsolete] "
            : string.Empty;

    private static bool IsCompilerGenerated(MemberInfo member) => member.IsDefined(typeof(CompilerGeneratedAttribute), false);

    private static bool HasAttribute(IEnumerable<CustomAttributeData> attributes, string fullName) =>
        attributes.Any(a => a.AttributeType.FullName == fullName);

    /// <summary>The declared [Nullable] flags of one signature position, else the nearest [NullableContext], else oblivious.</summary>
    private static NullableFlags Flags(IEnumerable<CustomAttributeData> attributes, MemberInfo member)
    {
        static object? Argument(IEnumerable<CustomAttributeData> attributes, string name) =>
            attributes.FirstOrDefault(a => a.AttributeType.FullName == CompilerServices + name)?.ConstructorArguments[0].Value;

        var declared = Argument(attributes, "NullableAttribute");
        for (var scope = member; declared is null && scope is not null; scope = scope.DeclaringType)
        {
            declared = Argument(scope.CustomAttributes, "NullableContextAttribute");
        }

        return new NullableFlags(declared switch
        {
            byte single => [single],
            IReadOnlyCollection<CustomAttributeTypedArgument> many => many.Select(a => (byte)a.Value!).ToArray(),
            _ => [0],
        });
    }

    // Roslyn's encoding (docs/features/nullable-metadata.md), depth first: one flag per reference type, array, type parameter
    // and generic value type, none for other value types or Nullable<T> itself; a single flag stands for all of them.
    private sealed class NullableFlags(byte[] flags)
    {
        private int _next;

        public byte Next() => flags.Length == 1 ? flags[0] : _next < flags.Length ? flags[_next++] : (byte)0;
    }
}
