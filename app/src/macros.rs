//! `wire_enum!`: the one way an enum that crosses the wire (and, on the server, is a database
//! column) is declared. Its variants' snake_case names are the single spelling: serde, strum
//! (`as_str`, `parse`) and SeaORM (`DeriveActiveEnum`) all derive it from the variant names, so
//! no status or kind is ever mapped to a string by hand.

macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
            strum::IntoStaticStr, strum::EnumString, strum::VariantArray,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case", ascii_case_insensitive)]
        #[cfg_attr(
            feature = "ssr",
            derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter, utoipa::ToSchema)
        )]
        #[cfg_attr(
            feature = "ssr",
            sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
        )]
        $vis enum $name {
            $($(#[$vmeta])* $variant),*
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [Self] = <Self as strum::VariantArray>::VARIANTS;

            /// The wire and database spelling.
            pub fn as_str(self) -> &'static str {
                self.into()
            }

            /// The variant with this spelling (case and surrounding space ignored).
            pub fn from_wire(raw: &str) -> Option<Self> {
                raw.trim().parse().ok()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
