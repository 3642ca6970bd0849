/// The demo bank/branch master: this credit union (2999 協栄信用組合) with its three
/// branches, and four fictitious banks for transfers to other banks. The same text is
/// shipped as `data/banks-demo.csv` for `kyoei admin banks import` (a test keeps the two equal).
/// Every other bank here is invented and says so in its name (架空, サンプル, デモ, テスト);
/// their codes were picked for the demo only. Production imports the real master instead.
extension BankDirectoryCSV {
    public static let demo = """
        bank_code,bank_name,bank_name_kana,branch_code,branch_name,branch_name_kana
        2999,協栄信用組合,ｷﾖｳｴｲｼﾝｸﾐ,001,本店,ﾎﾝﾃﾝ
        2999,協栄信用組合,ｷﾖｳｴｲｼﾝｸﾐ,002,吉田支店,ﾖｼﾀﾞ
        2999,協栄信用組合,ｷﾖｳｴｲｼﾝｸﾐ,003,分水支店,ﾌﾞﾝｽｲ
        0998,架空サンプル銀行,ｶｸｳｻﾝﾌﾟﾙｷﾞﾝｺｳ,100,本店営業部,ﾎﾝﾃﾝｴｲｷﾞﾖｳﾌﾞ
        0998,架空サンプル銀行,ｶｸｳｻﾝﾌﾟﾙｷﾞﾝｺｳ,201,駅前支店,ｴｷﾏｴ
        0998,架空サンプル銀行,ｶｸｳｻﾝﾌﾟﾙｷﾞﾝｺｳ,305,港町支店,ﾐﾅﾄﾏﾁ
        0997,"デモネット銀行",ﾃﾞﾓﾈﾂﾄｷﾞﾝｺｳ,101,いちょう支店,ｲﾁﾖｳ
        0997,"デモネット銀行",ﾃﾞﾓﾈﾂﾄｷﾞﾝｺｳ,102,もみじ支店,ﾓﾐｼﾞ
        1999,架空中央信用金庫,ｶｸｳﾁﾕｳｵｳｼﾝｷﾝ,001,本店,ﾎﾝﾃﾝ
        1999,架空中央信用金庫,ｶｸｳﾁﾕｳｵｳｼﾝｷﾝ,002,北町支店,ｷﾀﾏﾁ
        1999,架空中央信用金庫,ｶｸｳﾁﾕｳｵｳｼﾝｷﾝ,003,南町支店,ﾐﾅﾐﾏﾁ
        2998,テスト信用組合,ﾃｽﾄｼﾝｸﾐ,001,本店,ﾎﾝﾃﾝ
        2998,テスト信用組合,ﾃｽﾄｼﾝｸﾐ,002,山手支店,ﾔﾏﾃ

        """
}
