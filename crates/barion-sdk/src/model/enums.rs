//! Every Barion enumeration, each declared with [`payments_core::string_enum!`]: reads
//! case-insensitively (so `Bankcard`/`BankCard`, `Mastercard`/`MasterCard`,
//! `ReOrdered`/`Reordered` all work) and ignoring surrounding whitespace, accepts the documented
//! numeric codes where Barion prints them, writes the canonical wire name, and keeps any value
//! it does not know in `Unknown(String)` (see `is_unknown` and `KNOWN`).

payments_core::string_enum! {
    /// `PaymentType`: how the money moves.
    pub enum PaymentType {
        /// `Immediate`: charged at once.
        Immediate = "Immediate",
        /// `Reservation`: reserved, then finished with `FinishReservation` within the
        /// reservation period.
        Reservation = "Reservation",
        /// `DelayedCapture`: the card is authorized, then captured with `Capture` (or released
        /// with `CancelAuthorization`) within the delayed-capture period.
        DelayedCapture = "DelayedCapture",
    }
}

payments_core::string_enum! {
    /// `PaymentStatus`: the status of a payment.
    pub enum PaymentStatus {
        /// `Prepared` (10): created, the payer has not opened it yet.
        Prepared = "Prepared" | "10",
        /// `Started` (20): the payer opened the gateway.
        Started = "Started" | "20",
        /// `InProgress` (21): the payment is being processed.
        InProgress = "InProgress" | "21",
        /// `Waiting` (22): waiting for a third party (e.g. a bank transfer).
        Waiting = "Waiting" | "22",
        /// `Reserved` (25): the money is reserved (a `Reservation` payment).
        Reserved = "Reserved" | "25",
        /// `Authorized` (26): the card is authorized (a `DelayedCapture` payment).
        Authorized = "Authorized" | "26",
        /// `Canceled` (30): cancelled by the payer or the shop (final).
        Canceled = "Canceled" | "Cancelled" | "30",
        /// `Succeeded` (40): paid (final).
        Succeeded = "Succeeded" | "40",
        /// `Failed` (50): failed (final).
        Failed = "Failed" | "50",
        /// `PartiallySucceeded` (60): some transactions succeeded.
        PartiallySucceeded = "PartiallySucceeded" | "60",
        /// `Expired` (70): the payment window passed (final).
        Expired = "Expired" | "70",
        /// `Deleted`: a legacy value seen in barion-dotnet.
        Deleted = "Deleted",
    }
}

impl PaymentStatus {
    /// `true` for the statuses Barion documents as final: `Canceled`, `Succeeded`, `Failed`,
    /// `Expired` (and the legacy `Deleted`).
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Self::Canceled | Self::Succeeded | Self::Failed | Self::Expired | Self::Deleted
        )
    }
}

payments_core::string_enum! {
    /// `TransactionStatus`: the status of one transaction of a payment.
    pub enum TransactionStatus {
        /// `Prepared` (0).
        Prepared = "Prepared" | "0",
        /// `Started` (1).
        Started = "Started" | "1",
        /// `Succeeded` (2).
        Succeeded = "Succeeded" | "2",
        /// `Timeout` (3).
        Timeout = "Timeout" | "3",
        /// `ShopIsDeleted` (4).
        ShopIsDeleted = "ShopIsDeleted" | "4",
        /// `ShopIsClosed` (5).
        ShopIsClosed = "ShopIsClosed" | "5",
        /// `Rejected` (6).
        Rejected = "Rejected" | "6",
        /// `RejectedByShop` (12).
        RejectedByShop = "RejectedByShop" | "12",
        /// `Storno` (13): reversed.
        Storno = "Storno" | "13",
        /// `Reserved` (14).
        Reserved = "Reserved" | "14",
        /// `Deleted` (15).
        Deleted = "Deleted" | "15",
        /// `Expired` (16).
        Expired = "Expired" | "16",
        /// `Authorized` (17).
        Authorized = "Authorized" | "17",
        /// `Reversed` (18): e.g. captured with 0.
        Reversed = "Reversed" | "18",
        /// `InvalidPaymentRecord` (210).
        InvalidPaymentRecord = "InvalidPaymentRecord" | "210",
        /// `PaymentTimeOut` (211).
        PaymentTimeOut = "PaymentTimeOut" | "211",
        /// `InvalidPaymentStatus` (212).
        InvalidPaymentStatus = "InvalidPaymentStatus" | "212",
        /// `PaymentSenderOrRecipientIsInvalid` (213).
        PaymentSenderOrRecipientIsInvalid = "PaymentSenderOrRecipientIsInvalid" | "213",
        /// The documented wire value `Unknown` (255).
        NotKnown = "Unknown" | "255",
    }
}

payments_core::string_enum! {
    /// `FundingSourceType`: a way to pay. Used in the request's `FundingSources` and the
    /// response's `FundingSource` / `AllowedFundingSources`. `Bankcard` (PHP) and `BankCard` both
    /// read as [`FundingSourceType::BankCard`].
    pub enum FundingSourceType {
        /// `All`: balance, card, Google Pay and Apple Pay.
        All = "All",
        /// `Balance`: the payer's Barion wallet.
        Balance = "Balance",
        /// `BankCard` (also spelled `Bankcard`).
        BankCard = "BankCard",
        /// `GooglePay`.
        GooglePay = "GooglePay",
        /// `ApplePay`.
        ApplePay = "ApplePay",
        /// `BankTransfer`.
        BankTransfer = "BankTransfer",
    }
}

payments_core::string_enum! {
    /// `PaymentMethod` (v4 state; `CompletionMethod` in an older revision): how the payment was
    /// completed.
    pub enum PaymentMethod {
        /// The documented wire value `Unknown`: no attempt yet.
        NotKnown = "Unknown",
        /// `BarionWallet`.
        BarionWallet = "BarionWallet",
        /// `BankCard`.
        BankCard = "BankCard",
        /// `GooglePay`.
        GooglePay = "GooglePay",
        /// `ApplePay`.
        ApplePay = "ApplePay",
        /// `OpenBanking`.
        OpenBanking = "OpenBanking",
        /// `Other`.
        Other = "Other",
    }
}

payments_core::string_enum! {
    /// `TransactionType`: the kind of a transaction (payments, fees, refunds, wallet movements);
    /// the union of the spec's and barion-web-php's values.
    pub enum TransactionType {
        /// `Commission`.
        Commission = "Commission",
        /// `Shop`.
        Shop = "Shop",
        /// `TransferToExistingUser`.
        TransferToExistingUser = "TransferToExistingUser",
        /// `TransferToTechnicalAccount`.
        TransferToTechnicalAccount = "TransferToTechnicalAccount",
        /// `TransferFromTechnicalAccount`.
        TransferFromTechnicalAccount = "TransferFromTechnicalAccount",
        /// `Storno`.
        Storno = "Storno",
        /// `WithdrawFee`.
        WithdrawFee = "WithdrawFee",
        /// `ClosureFee`.
        ClosureFee = "ClosureFee",
        /// `StornoBankTransferFee`.
        StornoBankTransferFee = "StornoBankTransferFee",
        /// `CashDepositFee`.
        CashDepositFee = "CashDepositFee",
        /// `ForeignDepositFee`.
        ForeignDepositFee = "ForeignDepositFee",
        /// `ForeignWithdrawFee`.
        ForeignWithdrawFee = "ForeignWithdrawFee",
        /// `ForeignClosureFee`.
        ForeignClosureFee = "ForeignClosureFee",
        /// `BankTransferWithdrawFeeStorno`.
        BankTransferWithdrawFeeStorno = "BankTransferWithdrawFeeStorno",
        /// `Reserve`.
        Reserve = "Reserve",
        /// `StornoReserve`.
        StornoReserve = "StornoReserve",
        /// `CardTopUpFee`.
        CardTopUpFee = "CardTopUpFee",
        /// `CardProcessingFee`.
        CardProcessingFee = "CardProcessingFee",
        /// `GatewayFee`.
        GatewayFee = "GatewayFee",
        /// `CardProcessingFeeStorno`.
        CardProcessingFeeStorno = "CardProcessingFeeStorno",
        /// `Unspecified`.
        Unspecified = "Unspecified",
        /// `In`.
        In = "In",
        /// `Withdraw`.
        Withdraw = "Withdraw",
        /// `CashDeposit`.
        CashDeposit = "CashDeposit",
        /// `ForeignDeposit`.
        ForeignDeposit = "ForeignDeposit",
        /// `ForeignBankTransferFee`.
        ForeignBankTransferFee = "ForeignBankTransferFee",
        /// `CashBankTransferFee`.
        CashBankTransferFee = "CashBankTransferFee",
        /// `CustodyFee`.
        CustodyFee = "CustodyFee",
        /// `ForeignWithdraw`.
        ForeignWithdraw = "ForeignWithdraw",
        /// `TransferBack`.
        TransferBack = "TransferBack",
        /// `CardTopUp`.
        CardTopUp = "CardTopUp",
        /// `CardTopUpBankFee`.
        CardTopUpBankFee = "CardTopUpBankFee",
        /// `EmoneySubstractionRestore` (Barion's spelling).
        EmoneySubstractionRestore = "EmoneySubstractionRestore",
        /// `CardPayment`: a card payment (refundable).
        CardPayment = "CardPayment",
        /// `Refund`.
        Refund = "Refund",
        /// `RefundToBankCard`.
        RefundToBankCard = "RefundToBankCard",
        /// `StornoUnSuccessfulRefundToBankCard`.
        StornoUnSuccessfulRefundToBankCard = "StornoUnSuccessfulRefundToBankCard",
        /// `UnderReview`.
        UnderReview = "UnderReview",
        /// `ReleaseReview`.
        ReleaseReview = "ReleaseReview",
        /// `BankTransferPayment` (refundable).
        BankTransferPayment = "BankTransferPayment",
        /// `RefundToBankAccount`.
        RefundToBankAccount = "RefundToBankAccount",
        /// `StornoUnSuccessfulRefundToBankAccount`.
        StornoUnSuccessfulRefundToBankAccount = "StornoUnSuccessfulRefundToBankAccount",
        /// `BankTransferPaymentFee`.
        BankTransferPaymentFee = "BankTransferPaymentFee",
        /// `BarionBalanceProcessingFee`.
        BarionBalanceProcessingFee = "BarionBalanceProcessingFee",
    }
}

impl TransactionType {
    /// `true` for the types Barion lets a shop refund: `CardPayment`, `Shop`,
    /// `BankTransferPayment`.
    pub fn is_refundable(&self) -> bool {
        matches!(
            self,
            Self::CardPayment | Self::Shop | Self::BankTransferPayment
        )
    }
}

payments_core::string_enum! {
    /// `RecurrenceResult`: the outcome of a token (recurring) payment at start.
    pub enum RecurrenceResult {
        /// `None`: no token charge happened (e.g. a token was only registered).
        None = "None",
        /// `Successful`.
        Successful = "Successful",
        /// `Failed`.
        Failed = "Failed",
        /// `NotFound`: the `RecurrenceId` is unknown.
        NotFound = "NotFound",
        /// `ThreeDSAuthenticationRequired`: the issuer wants 3DS; send the payer to the gateway.
        ThreeDsAuthenticationRequired = "ThreeDSAuthenticationRequired",
    }
}

payments_core::string_enum! {
    /// `RecurrenceType`: the kind of token payment.
    pub enum RecurrenceType {
        /// `MerchantInitiatedPayment` (0).
        MerchantInitiatedPayment = "MerchantInitiatedPayment" | "0",
        /// `OneClickPayment` (10).
        OneClickPayment = "OneClickPayment" | "10",
        /// `RecurringPayment` (code unconfirmed, probably 20).
        RecurringPayment = "RecurringPayment" | "20",
    }
}

payments_core::string_enum! {
    /// `CardType` (`BankCardType`): the card scheme. `Mastercard` (PHP) reads as
    /// [`CardType::MasterCard`].
    pub enum CardType {
        /// The documented wire value `Unknown`.
        NotKnown = "Unknown",
        /// `MasterCard` (also `Mastercard`).
        MasterCard = "MasterCard",
        /// `Visa`.
        Visa = "Visa",
        /// `AmericanExpress`.
        AmericanExpress = "AmericanExpress",
        /// `Electron`.
        Electron = "Electron",
        /// `Maestro`.
        Maestro = "Maestro",
        /// `DinersClub`.
        DinersClub = "DinersClub",
        /// `Discover`.
        Discover = "Discover",
    }
}

payments_core::string_enum! {
    /// `BankCardProcessResult`: how the card processing ended.
    pub enum BankCardProcessResult {
        /// `Successful`.
        Successful = "Successful",
        /// `ProblemWithCard`.
        ProblemWithCard = "ProblemWithCard",
        /// `LowFunds`.
        LowFunds = "LowFunds",
        /// `LostOrStolenCard`.
        LostOrStolenCard = "LostOrStolenCard",
        /// `Declined`.
        Declined = "Declined",
        /// `FraudulentTransaction`.
        FraudulentTransaction = "FraudulentTransaction",
        /// `CardSystemError`.
        CardSystemError = "CardSystemError",
        /// `ScaSoftDeclined`.
        ScaSoftDeclined = "ScaSoftDeclined",
        /// `FailedDuringAuthentication`.
        FailedDuringAuthentication = "FailedDuringAuthentication",
        /// `CardNotSupported`.
        CardNotSupported = "CardNotSupported",
        /// The documented wire value `Unknown`.
        NotKnown = "Unknown",
    }
}

payments_core::string_enum! {
    /// `Currency`: the payment currencies Barion accepts (one currency per payment). Named
    /// `CurrencyCode`: it is the wire code with Barion's own precision rules, not an ISO 4217
    /// table entry.
    pub enum CurrencyCode {
        /// `HUF`: Hungarian forint, whole forints only (0 decimals).
        Huf = "HUF",
        /// `EUR`: euro (2 decimals).
        Eur = "EUR",
        /// `USD`: US dollar (2 decimals).
        Usd = "USD",
        /// `CZK`: Czech koruna (2 decimals).
        Czk = "CZK",
        /// `RON`: Romanian leu (2 decimals; added 2024, unconfirmed by Barion's docs).
        Ron = "RON",
        /// `PLN`: Polish złoty (2 decimals; added 2024, unconfirmed by Barion's docs).
        Pln = "PLN",
    }
}

impl CurrencyCode {
    /// The decimal places Barion allows in an amount of this currency (`HUF` 0, the others 2);
    /// `None` for a currency this SDK does not know.
    pub fn decimal_places(&self) -> Option<u32> {
        match self {
            Self::Huf => Some(0),
            Self::Eur | Self::Usd | Self::Czk | Self::Ron | Self::Pln => Some(2),
            Self::Unknown(_) => None,
        }
    }
}

payments_core::string_enum! {
    /// `Locale`: the language of the gateway (request `Locale`, response `SuggestedLocale`).
    pub enum Locale {
        /// `hu-HU`.
        Hungarian = "hu-HU",
        /// `en-US`.
        English = "en-US",
        /// `de-DE`.
        German = "de-DE",
        /// `cs-CZ`.
        Czech = "cs-CZ",
        /// `sk-SK`.
        Slovak = "sk-SK",
        /// `sl-SI`.
        Slovenian = "sl-SI",
        /// `fr-FR`.
        French = "fr-FR",
        /// `es-ES`.
        Spanish = "es-ES",
        /// `el-GR` (barion-web-php 3.1.0).
        Greek = "el-GR",
        /// `hr-HR` (barion-web-php 3.1.0).
        Croatian = "hr-HR",
        /// `ro-RO` (barion-web-php 3.1.0).
        Romanian = "ro-RO",
        /// `pl-PL` (barion-web-php 3.1.0).
        Polish = "pl-PL",
        /// `it-IT` (barion-web-php 3.1.0).
        Italian = "it-IT",
        /// `bg-BG` (barion-web-php 3.1.0).
        Bulgarian = "bg-BG",
    }
}

payments_core::string_enum! {
    /// `ChallengePreference` (3DS): whether the shop wants the payer challenged.
    pub enum ChallengePreference {
        /// `NoPreference` (0).
        NoPreference = "NoPreference" | "0",
        /// `ChallengeRequired` (10).
        ChallengeRequired = "ChallengeRequired" | "10",
        /// `NoChallengeNeeded` (20).
        NoChallengeNeeded = "NoChallengeNeeded" | "20",
    }
}

payments_core::string_enum! {
    /// `AccountCreationIndicator` (3DS): how old the payer's account at the shop is.
    pub enum AccountCreationIndicator {
        /// `NoAccount`.
        NoAccount = "NoAccount",
        /// `CreatedDuringThisTransaction`.
        CreatedDuringThisTransaction = "CreatedDuringThisTransaction",
        /// `LessThan30Days`.
        LessThan30Days = "LessThan30Days",
        /// `Between30And60Days`.
        Between30And60Days = "Between30And60Days",
        /// `MoreThan60Days`.
        MoreThan60Days = "MoreThan60Days",
    }
}

payments_core::string_enum! {
    /// `AccountChangeIndicator` (3DS): when the payer's account last changed.
    pub enum AccountChangeIndicator {
        /// `ChangedDuringThisTransaction`.
        ChangedDuringThisTransaction = "ChangedDuringThisTransaction",
        /// `LessThan30Days`.
        LessThan30Days = "LessThan30Days",
        /// `Between30And60Days`.
        Between30And60Days = "Between30And60Days",
        /// `MoreThan60Days`.
        MoreThan60Days = "MoreThan60Days",
    }
}

payments_core::string_enum! {
    /// `PasswordChangeIndicator` (3DS): when the payer's password last changed.
    pub enum PasswordChangeIndicator {
        /// `NoChange`.
        NoChange = "NoChange",
        /// `ChangedDuringThisTransaction`.
        ChangedDuringThisTransaction = "ChangedDuringThisTransaction",
        /// `LessThan30Days`.
        LessThan30Days = "LessThan30Days",
        /// `Between30And60Days`.
        Between30And60Days = "Between30And60Days",
        /// `MoreThan60Days`.
        MoreThan60Days = "MoreThan60Days",
    }
}

payments_core::string_enum! {
    /// `ShippingAddressUsageIndicator` (3DS): when the shipping address was first used.
    pub enum ShippingAddressUsageIndicator {
        /// `ThisTransaction`.
        ThisTransaction = "ThisTransaction",
        /// `LessThan30Days`.
        LessThan30Days = "LessThan30Days",
        /// `Between30And60Days`.
        Between30And60Days = "Between30And60Days",
        /// `MoreThan60Days`.
        MoreThan60Days = "MoreThan60Days",
    }
}

payments_core::string_enum! {
    /// `PaymentMethodIndicator` (3DS): when the payment method was added to the account.
    pub enum PaymentMethodIndicator {
        /// `NoAccount`.
        NoAccount = "NoAccount",
        /// `ThisTransaction`.
        ThisTransaction = "ThisTransaction",
        /// `LessThan30Days`.
        LessThan30Days = "LessThan30Days",
        /// `Between30And60Days`.
        Between30And60Days = "Between30And60Days",
        /// `MoreThan60Days`.
        MoreThan60Days = "MoreThan60Days",
    }
}

payments_core::string_enum! {
    /// `SuspiciousActivityIndicator` (3DS).
    pub enum SuspiciousActivityIndicator {
        /// `NoSuspiciousActivityObserved`.
        NoSuspiciousActivityObserved = "NoSuspiciousActivityObserved",
        /// `SuspiciousActivityObserved`.
        SuspiciousActivityObserved = "SuspiciousActivityObserved",
    }
}

payments_core::string_enum! {
    /// `DeliveryTimeframeType` (3DS).
    pub enum DeliveryTimeframe {
        /// `ElectronicDelivery`.
        ElectronicDelivery = "ElectronicDelivery",
        /// `SameDayShipping`.
        SameDayShipping = "SameDayShipping",
        /// `OvernightShipping`.
        OvernightShipping = "OvernightShipping",
        /// `TwoDayOrMoreShipping`.
        TwoDayOrMoreShipping = "TwoDayOrMoreShipping",
    }
}

payments_core::string_enum! {
    /// `AvailabilityIndicator` (3DS).
    pub enum AvailabilityIndicator {
        /// `MerchandiseAvailable`.
        MerchandiseAvailable = "MerchandiseAvailable",
        /// `FutureAvailability`.
        FutureAvailability = "FutureAvailability",
    }
}

payments_core::string_enum! {
    /// `ReOrderIndicator` (3DS). `ReOrdered` (PHP) reads as [`ReOrderIndicator::Reordered`].
    pub enum ReOrderIndicator {
        /// `FirstTimeOrdered`.
        FirstTimeOrdered = "FirstTimeOrdered",
        /// `Reordered` (also `ReOrdered`).
        Reordered = "Reordered",
    }
}

payments_core::string_enum! {
    /// `ShippingAddressIndicator` (3DS): where the goods go.
    pub enum ShippingAddressIndicator {
        /// `ShipToCardholdersBillingAddress`.
        ShipToCardholdersBillingAddress = "ShipToCardholdersBillingAddress",
        /// `ShipToAnotherVerifiedAddress`.
        ShipToAnotherVerifiedAddress = "ShipToAnotherVerifiedAddress",
        /// `ShipToDifferentAddress`.
        ShipToDifferentAddress = "ShipToDifferentAddress",
        /// `ShipToStore`.
        ShipToStore = "ShipToStore",
        /// `DigitalGoods`.
        DigitalGoods = "DigitalGoods",
        /// `TravelAndEventTickets`.
        TravelAndEventTickets = "TravelAndEventTickets",
        /// `Other`.
        Other = "Other",
    }
}

payments_core::string_enum! {
    /// `PurchaseType` (3DS).
    pub enum PurchaseType {
        /// `GoodsAndServicePurchase`.
        GoodsAndServicePurchase = "GoodsAndServicePurchase",
        /// `CheckAcceptance`.
        CheckAcceptance = "CheckAcceptance",
        /// `AccountFunding`.
        AccountFunding = "AccountFunding",
        /// `QuasiCashTransaction`.
        QuasiCashTransaction = "QuasiCashTransaction",
        /// `PrePaidVacationAndLoan`.
        PrePaidVacationAndLoan = "PrePaidVacationAndLoan",
    }
}

payments_core::string_enum! {
    /// `ErrorCode`: the code of one entry of Barion's `Errors` array (an open set).
    pub enum ErrorCode {
        /// `ModelValidationError`: the input failed basic validation (missing field, too long).
        ModelValidationError = "ModelValidationError",
        /// `AuthenticationFailed`: wrong POSKey (other environment, public key used) or
        /// unparsable JSON.
        AuthenticationFailed = "AuthenticationFailed",
        /// `ShopIsInDraftState`: the shop is not yet submitted for approval.
        ShopIsInDraftState = "ShopIsInDraftState",
        /// `ShopIsClosed`: the shop is closed.
        ShopIsClosed = "ShopIsClosed",
        /// `NotExistingPaymentId`: no such payment.
        NotExistingPaymentId = "NotExistingPaymentId",
        /// `PaymentStatusNotValid`: not allowed in the payment's current status.
        PaymentStatusNotValid = "PaymentStatusNotValid",
        /// `TransactionDoesNotBelongToPayment`.
        TransactionDoesNotBelongToPayment = "TransactionDoesNotBelongToPayment",
        /// `InvalidTransactionType`: the transaction type cannot be refunded.
        InvalidTransactionType = "InvalidTransactionType",
        /// `SuspendedUserTriedToRefund`: the merchant wallet is suspended.
        SuspendedUserTriedToRefund = "SuspendedUserTriedToRefund",
        /// `TheSourceAndDestinationAccountsAreMatched`: payer and shop owner are the same.
        TheSourceAndDestinationAccountsAreMatched = "TheSourceAndDestinationAccountsAreMatched",
        /// `InvalidAccount`.
        InvalidAccount = "InvalidAccount",
        /// `InvalidUser`: the payee is not a valid, active Barion wallet.
        InvalidUser = "InvalidUser",
        /// `UserCantMakeOutgoingTransaction`.
        UserCantMakeOutgoingTransaction = "UserCantMakeOutgoingTransaction",
        /// `RecurringPaymentNotAllowed`: token payments are not enabled for the shop.
        RecurringPaymentNotAllowed = "RecurringPaymentNotAllowed",
        /// `InvalidRecurrenceId`.
        InvalidRecurrenceId = "InvalidRecurrenceId",
        /// `RecurringPaymentDenied`: the payer is deleted, suspended or blocked.
        RecurringPaymentDenied = "RecurringPaymentDenied",
        /// `InsufficientFunds`.
        InsufficientFunds = "InsufficientFunds",
        /// `OriginalPaymentWasntSuccessful`.
        OriginalPaymentWasntSuccessful = "OriginalPaymentWasntSuccessful",
        /// `InvalidCurrency`.
        InvalidCurrency = "InvalidCurrency",
        /// `CardExpired`: the stored card expired.
        CardExpired = "CardExpired",
        /// `TopUpFailed`: charging the stored card failed.
        TopUpFailed = "TopUpFailed",
        /// `ThreeDsNotEnabled`: the issuer demanded SCA.
        ThreeDsNotEnabled = "ThreeDsNotEnabled",
        /// `CardError`: a 3DS or bank error for the stored card.
        CardError = "CardError",
        /// `PingFailed`: a bank or third party timed out; Barion cancelled.
        PingFailed = "PingFailed",
        /// `1101` (legacy): badly formatted transaction id.
        MalformedId = "1101",
        /// `1102` (legacy): the id is well-formed but not found.
        IdNotFound = "1102",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants_case_and_codes_read_as_one_value() {
        assert_eq!(
            FundingSourceType::from_wire("Bankcard"),
            FundingSourceType::BankCard
        );
        assert_eq!(
            FundingSourceType::from_wire("BankCard"),
            FundingSourceType::BankCard
        );
        assert_eq!(CardType::from_wire("Mastercard"), CardType::MasterCard);
        assert_eq!(
            ReOrderIndicator::from_wire("ReOrdered"),
            ReOrderIndicator::Reordered
        );
        assert_eq!(
            PaymentStatus::from_wire(" succeeded "),
            PaymentStatus::Succeeded
        );
        let s: PaymentStatus = serde_json::from_str("26").unwrap();
        assert_eq!(s, PaymentStatus::Authorized);
        assert_eq!(CardType::from_wire("Unknown"), CardType::NotKnown);
        assert_eq!(ErrorCode::from_wire("1102"), ErrorCode::IdNotFound);
    }

    #[test]
    fn unknown_values_round_trip() {
        let v: PaymentMethod = serde_json::from_str(r#""Crypto""#).unwrap();
        assert_eq!(v, PaymentMethod::Unknown("Crypto".into()));
        assert!(v.is_unknown());
        assert_eq!(serde_json::to_string(&v).unwrap(), r#""Crypto""#);
        assert_eq!(
            serde_json::to_string(&FundingSourceType::BankCard).unwrap(),
            r#""BankCard""#
        );
        assert_eq!(Locale::from_wire("hu-hu"), Locale::Hungarian);
        assert_eq!(CurrencyCode::Huf.decimal_places(), Some(0));
        assert_eq!(CurrencyCode::from_wire("GBP").decimal_places(), None);
    }
}
