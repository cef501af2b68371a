//! Every kind of change the diff reports, with its stable code (the `kind` of the JSON
//! report) and its meaning.

macro_rules! kinds {
    ($($(#[$attr:meta])* $variant:ident = $code:literal, $meaning:literal;)*) => {
        /// What changed. The code (`operation-added`…) is stable: CI scripts may match it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $($(#[$attr])* #[doc = $meaning] $variant,)*
        }

        impl Kind {
            /// Every kind, in the order of the README's table.
            pub const ALL: &[Kind] = &[$(Kind::$variant,)*];

            /// The stable code.
            pub fn code(self) -> &'static str {
                match self {
                    $(Kind::$variant => $code,)*
                }
            }

            /// One line on what the kind means.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Kind::$variant => $meaning,)*
                }
            }
        }
    };
}

kinds! {
    OperationAdded = "operation-added", "an operation (method and path) is new";
    OperationRemoved = "operation-removed", "an operation is gone";
    OperationDeprecated = "operation-deprecated", "an operation is now marked `deprecated`";
    OperationUndeprecated = "operation-undeprecated", "an operation is no longer marked `deprecated`";
    OperationRenamed = "operation-renamed", "the Rust method of an operation has a new name (`operationId` or `x-rust-name`)";
    OperationMoved = "operation-moved", "an operation moved to another API group (its first tag changed)";
    ParamsArgumentAdded = "params-argument-added", "an operation without inputs now has some: its method takes a parameters argument";
    ParamsArgumentRemoved = "params-argument-removed", "an operation no longer has inputs: its method takes no parameters argument";
    ParamsTypeRenamed = "params-type-renamed", "the parameters struct of an operation has a new name";
    ParameterAddedRequired = "parameter-added-required", "a new required parameter";
    ParameterAddedOptional = "parameter-added-optional", "a new optional parameter";
    ParameterRemoved = "parameter-removed", "a parameter is gone";
    ParameterBecameRequired = "parameter-became-required", "an optional parameter is now required";
    ParameterBecameOptional = "parameter-became-optional", "a required parameter is now optional";
    ParameterTypeChanged = "parameter-type-changed", "the type of a parameter changed";
    ParameterRenamed = "parameter-renamed", "the Rust name of a parameter changed (same wire name)";
    PathParameterRenamed = "path-parameter-renamed", "a path parameter has a new name at the same place in the path";
    ParameterDeprecated = "parameter-deprecated", "a parameter is now marked `deprecated`";
    ParameterStyleChanged = "parameter-style-changed", "a query parameter is serialized differently (`style`, `explode`)";
    RequestBodyAdded = "request-body-added", "an operation now takes a request body";
    RequestBodyRemoved = "request-body-removed", "an operation no longer takes a request body";
    RequestBodyBecameRequired = "request-body-became-required", "the request body is now required";
    RequestBodyBecameOptional = "request-body-became-optional", "the request body is now optional";
    RequestMediaTypeChanged = "request-media-type-changed", "the request body is sent as another media type";
    RequestBodyTypeChanged = "request-body-type-changed", "the type of the request body changed";
    SuccessStatusChanged = "success-status-changed", "the success status changed (`200` → `201`)";
    SuccessStatusAdded = "success-status-added", "another success status with its own body";
    SuccessStatusRemoved = "success-status-removed", "a success status with its own body is gone";
    ResponseBodyAdded = "response-body-added", "a response without a body now has one";
    ResponseBodyRemoved = "response-body-removed", "the success response no longer has a body";
    ResponseTypeChanged = "response-type-changed", "the type of the success response changed";
    ResponseMediaTypeChanged = "response-media-type-changed", "the success response has other media types";
    ErrorResponseAdded = "error-response-added", "a new error status with a typed body";
    ErrorResponseRemoved = "error-response-removed", "an error status with a typed body is gone";
    ErrorBodyAdded = "error-body-added", "a new variant of `ErrorBody`";
    ErrorBodyRemoved = "error-body-removed", "a variant of `ErrorBody` is gone";
    PropertyAddedRequired = "property-added-required", "a new required property";
    PropertyAddedOptional = "property-added-optional", "a new optional property";
    PropertyRemoved = "property-removed", "a property is gone";
    PropertyBecameRequired = "property-became-required", "an optional property is now required";
    PropertyBecameOptional = "property-became-optional", "a required property is now optional";
    PropertyBecameNullable = "property-became-nullable", "a property may now be `null`";
    PropertyBecameNonNullable = "property-became-non-nullable", "a property may no longer be `null`";
    PropertyTypeChanged = "property-type-changed", "the type of a property changed";
    FormatChanged = "format-changed", "the `format` of a parameter, property or schema changed";
    PropertyRenamed = "property-renamed", "the Rust name of a property changed (same wire name)";
    PropertyDeprecated = "property-deprecated", "a property is now marked `deprecated`";
    DefaultChanged = "default-changed", "the `default` of a parameter, property or schema changed";
    AdditionalPropertiesAdded = "additional-properties-added", "an object now keeps undeclared properties (`additionalProperties`)";
    AdditionalPropertiesRemoved = "additional-properties-removed", "an object no longer allows undeclared properties";
    ConstructorReordered = "constructor-reordered", "the arguments of a `new` constructor come in another order";
    EnumValueAdded = "enum-value-added", "a new enum value";
    EnumValueRemoved = "enum-value-removed", "an enum value is gone";
    EnumVariantRenamed = "enum-variant-renamed", "the Rust variant of an enum value has a new name";
    UnionVariantAdded = "union-variant-added", "a new alternative of a `oneOf` / `anyOf`";
    UnionVariantRemoved = "union-variant-removed", "an alternative of a `oneOf` / `anyOf` is gone";
    UnionVariantRenamed = "union-variant-renamed", "the Rust variant of an alternative has a new name";
    UnionVariantTypeChanged = "union-variant-type-changed", "the type of an alternative changed";
    DiscriminatorChanged = "discriminator-changed", "the discriminator property of a union changed";
    SchemaAdded = "schema-added", "a new schema (a new type)";
    SchemaRemoved = "schema-removed", "a schema (its type) is gone";
    SchemaDeprecated = "schema-deprecated", "a schema is now marked `deprecated`";
    TypeRenamed = "type-renamed", "the Rust type of a schema has a new name";
    TypeKindChanged = "type-kind-changed", "a type changed shape (struct, enum, union, alias)";
    AliasTargetChanged = "alias-target-changed", "a schema that is a type alias now names another type";
    MinimumChanged = "minimum-changed", "`minimum` changed";
    MaximumChanged = "maximum-changed", "`maximum` changed";
    ExclusiveMinimumChanged = "exclusive-minimum-changed", "`exclusiveMinimum` changed";
    ExclusiveMaximumChanged = "exclusive-maximum-changed", "`exclusiveMaximum` changed";
    MinLengthChanged = "min-length-changed", "`minLength` changed";
    MaxLengthChanged = "max-length-changed", "`maxLength` changed";
    PatternChanged = "pattern-changed", "`pattern` changed";
    MinItemsChanged = "min-items-changed", "`minItems` changed";
    MaxItemsChanged = "max-items-changed", "`maxItems` changed";
    UniqueItemsChanged = "unique-items-changed", "`uniqueItems` changed";
    MultipleOfChanged = "multiple-of-changed", "`multipleOf` changed";
    SecurityAdded = "security-added", "an operation now sends credentials";
    SecurityRemoved = "security-removed", "an operation no longer sends credentials";
    SecurityChanged = "security-changed", "an operation sends its credentials another way";
    ServerAdded = "server-added", "a new server URL";
    ServerRemoved = "server-removed", "a server URL is gone";
    DefaultBaseUrlChanged = "default-base-url-changed", "the client's default base URL changed";
    PaginationAdded = "pagination-added", "an operation gained `x-pagination` (its `_pages` and `_all` methods)";
    PaginationRemoved = "pagination-removed", "an operation lost `x-pagination`";
    PaginationChanged = "pagination-changed", "the `x-pagination` of an operation changed";
    WaitAdded = "wait-added", "an operation gained `x-wait` (its wait helper)";
    WaitRemoved = "wait-removed", "an operation lost `x-wait`";
    WaitChanged = "wait-changed", "the `x-wait` of an operation changed";
    CrateRenamed = "crate-renamed", "the crate name changed (`x-rust-sdk.crate-name`)";
    ApiKeyEnvChanged = "api-key-env-changed", "the environment variables read for the API key changed (`x-rust-sdk.api-key-env`)";
    BaseUrlEnvChanged = "base-url-env-changed", "the environment variable that overrides the base URL changed (`x-rust-sdk.base-url-env`)";
    RuntimeItemAdded = "runtime-item-added", "the crate root exports a new item of the SDK runtime";
    RuntimeItemRemoved = "runtime-item-removed", "the crate root no longer exports an item of the SDK runtime (the API stopped using it)";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut codes: Vec<&str> = Kind::ALL.iter().map(|kind| kind.code()).collect();
        assert!(
            codes
                .iter()
                .all(|code| code.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
        codes.sort_unstable();
        let count = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), count, "a code is used twice");
    }
}
