// Demo administrative units, from the official 2025 list (codes and names):
// Quảng Trị with all 78 communes, and three units of Thành phố Huế so the
// demo shows that one province cannot see another. Real deployments import
// the full list through /units/import.
export const DEMO_UNITS = [
 {
  "code": "44",
  "name": "Quảng Trị",
  "fullName": "Tỉnh Quảng Trị",
  "kind": "Tỉnh",
  "communes": [
   {
    "code": "18859",
    "name": "Đồng Thuận",
    "fullName": "Phường Đồng Thuận",
    "kind": "Phường"
   },
   {
    "code": "18871",
    "name": "Đồng Sơn",
    "fullName": "Phường Đồng Sơn",
    "kind": "Phường"
   },
   {
    "code": "18880",
    "name": "Đồng Hới",
    "fullName": "Phường Đồng Hới",
    "kind": "Phường"
   },
   {
    "code": "18901",
    "name": "Minh Hoá",
    "fullName": "Xã Minh Hoá",
    "kind": "Xã"
   },
   {
    "code": "18904",
    "name": "Dân Hoá",
    "fullName": "Xã Dân Hoá",
    "kind": "Xã"
   },
   {
    "code": "18919",
    "name": "Tân Thành",
    "fullName": "Xã Tân Thành",
    "kind": "Xã"
   },
   {
    "code": "18922",
    "name": "Kim Điền",
    "fullName": "Xã Kim Điền",
    "kind": "Xã"
   },
   {
    "code": "18943",
    "name": "Kim Phú",
    "fullName": "Xã Kim Phú",
    "kind": "Xã"
   },
   {
    "code": "18949",
    "name": "Đồng Lê",
    "fullName": "Xã Đồng Lê",
    "kind": "Xã"
   },
   {
    "code": "18952",
    "name": "Tuyên Sơn",
    "fullName": "Xã Tuyên Sơn",
    "kind": "Xã"
   },
   {
    "code": "18958",
    "name": "Tuyên Lâm",
    "fullName": "Xã Tuyên Lâm",
    "kind": "Xã"
   },
   {
    "code": "18985",
    "name": "Tuyên Phú",
    "fullName": "Xã Tuyên Phú",
    "kind": "Xã"
   },
   {
    "code": "18991",
    "name": "Tuyên Bình",
    "fullName": "Xã Tuyên Bình",
    "kind": "Xã"
   },
   {
    "code": "18997",
    "name": "Tuyên Hoá",
    "fullName": "Xã Tuyên Hoá",
    "kind": "Xã"
   },
   {
    "code": "19009",
    "name": "Ba Đồn",
    "fullName": "Phường Ba Đồn",
    "kind": "Phường"
   },
   {
    "code": "19021",
    "name": "Phú Trạch",
    "fullName": "Xã Phú Trạch",
    "kind": "Xã"
   },
   {
    "code": "19030",
    "name": "Trung Thuần",
    "fullName": "Xã Trung Thuần",
    "kind": "Xã"
   },
   {
    "code": "19033",
    "name": "Hoà Trạch",
    "fullName": "Xã Hoà Trạch",
    "kind": "Xã"
   },
   {
    "code": "19051",
    "name": "Tân Gianh",
    "fullName": "Xã Tân Gianh",
    "kind": "Xã"
   },
   {
    "code": "19057",
    "name": "Quảng Trạch",
    "fullName": "Xã Quảng Trạch",
    "kind": "Xã"
   },
   {
    "code": "19066",
    "name": "Bắc Gianh",
    "fullName": "Phường Bắc Gianh",
    "kind": "Phường"
   },
   {
    "code": "19075",
    "name": "Nam Ba Đồn",
    "fullName": "Xã Nam Ba Đồn",
    "kind": "Xã"
   },
   {
    "code": "19093",
    "name": "Nam Gianh",
    "fullName": "Xã Nam Gianh",
    "kind": "Xã"
   },
   {
    "code": "19111",
    "name": "Hoàn Lão",
    "fullName": "Xã Hoàn Lão",
    "kind": "Xã"
   },
   {
    "code": "19126",
    "name": "Bắc Trạch",
    "fullName": "Xã Bắc Trạch",
    "kind": "Xã"
   },
   {
    "code": "19138",
    "name": "Phong Nha",
    "fullName": "Xã Phong Nha",
    "kind": "Xã"
   },
   {
    "code": "19141",
    "name": "Bố Trạch",
    "fullName": "Xã Bố Trạch",
    "kind": "Xã"
   },
   {
    "code": "19147",
    "name": "Thượng Trạch",
    "fullName": "Xã Thượng Trạch",
    "kind": "Xã"
   },
   {
    "code": "19159",
    "name": "Đông Trạch",
    "fullName": "Xã Đông Trạch",
    "kind": "Xã"
   },
   {
    "code": "19198",
    "name": "Nam Trạch",
    "fullName": "Xã Nam Trạch",
    "kind": "Xã"
   },
   {
    "code": "19204",
    "name": "Trường Sơn",
    "fullName": "Xã Trường Sơn",
    "kind": "Xã"
   },
   {
    "code": "19207",
    "name": "Quảng Ninh",
    "fullName": "Xã Quảng Ninh",
    "kind": "Xã"
   },
   {
    "code": "19225",
    "name": "Ninh Châu",
    "fullName": "Xã Ninh Châu",
    "kind": "Xã"
   },
   {
    "code": "19237",
    "name": "Trường Ninh",
    "fullName": "Xã Trường Ninh",
    "kind": "Xã"
   },
   {
    "code": "19246",
    "name": "Lệ Ninh",
    "fullName": "Xã Lệ Ninh",
    "kind": "Xã"
   },
   {
    "code": "19249",
    "name": "Lệ Thuỷ",
    "fullName": "Xã Lệ Thuỷ",
    "kind": "Xã"
   },
   {
    "code": "19255",
    "name": "Cam Hồng",
    "fullName": "Xã Cam Hồng",
    "kind": "Xã"
   },
   {
    "code": "19288",
    "name": "Sen Ngư",
    "fullName": "Xã Sen Ngư",
    "kind": "Xã"
   },
   {
    "code": "19291",
    "name": "Tân Mỹ",
    "fullName": "Xã Tân Mỹ",
    "kind": "Xã"
   },
   {
    "code": "19309",
    "name": "Trường Phú",
    "fullName": "Xã Trường Phú",
    "kind": "Xã"
   },
   {
    "code": "19318",
    "name": "Kim Ngân",
    "fullName": "Xã Kim Ngân",
    "kind": "Xã"
   },
   {
    "code": "19333",
    "name": "Đông Hà",
    "fullName": "Phường Đông Hà",
    "kind": "Phường"
   },
   {
    "code": "19351",
    "name": "Nam Đông Hà",
    "fullName": "Phường Nam Đông Hà",
    "kind": "Phường"
   },
   {
    "code": "19360",
    "name": "Quảng Trị",
    "fullName": "Phường Quảng Trị",
    "kind": "Phường"
   },
   {
    "code": "19363",
    "name": "Vĩnh Linh",
    "fullName": "Xã Vĩnh Linh",
    "kind": "Xã"
   },
   {
    "code": "19366",
    "name": "Bến Quan",
    "fullName": "Xã Bến Quan",
    "kind": "Xã"
   },
   {
    "code": "19372",
    "name": "Vĩnh Hoàng",
    "fullName": "Xã Vĩnh Hoàng",
    "kind": "Xã"
   },
   {
    "code": "19405",
    "name": "Vĩnh Thuỷ",
    "fullName": "Xã Vĩnh Thuỷ",
    "kind": "Xã"
   },
   {
    "code": "19414",
    "name": "Cửa Tùng",
    "fullName": "Xã Cửa Tùng",
    "kind": "Xã"
   },
   {
    "code": "19429",
    "name": "Khe Sanh",
    "fullName": "Xã Khe Sanh",
    "kind": "Xã"
   },
   {
    "code": "19432",
    "name": "Lao Bảo",
    "fullName": "Xã Lao Bảo",
    "kind": "Xã"
   },
   {
    "code": "19435",
    "name": "Hướng Lập",
    "fullName": "Xã Hướng Lập",
    "kind": "Xã"
   },
   {
    "code": "19441",
    "name": "Hướng Phùng",
    "fullName": "Xã Hướng Phùng",
    "kind": "Xã"
   },
   {
    "code": "19462",
    "name": "Tân Lập",
    "fullName": "Xã Tân Lập",
    "kind": "Xã"
   },
   {
    "code": "19483",
    "name": "A Dơi",
    "fullName": "Xã A Dơi",
    "kind": "Xã"
   },
   {
    "code": "19489",
    "name": "Lìa",
    "fullName": "Xã Lìa",
    "kind": "Xã"
   },
   {
    "code": "19495",
    "name": "Gio Linh",
    "fullName": "Xã Gio Linh",
    "kind": "Xã"
   },
   {
    "code": "19496",
    "name": "Cửa Việt",
    "fullName": "Xã Cửa Việt",
    "kind": "Xã"
   },
   {
    "code": "19501",
    "name": "Bến Hải",
    "fullName": "Xã Bến Hải",
    "kind": "Xã"
   },
   {
    "code": "19537",
    "name": "Cồn Tiên",
    "fullName": "Xã Cồn Tiên",
    "kind": "Xã"
   },
   {
    "code": "19555",
    "name": "Hướng Hiệp",
    "fullName": "Xã Hướng Hiệp",
    "kind": "Xã"
   },
   {
    "code": "19564",
    "name": "Đakrông",
    "fullName": "Xã Đakrông",
    "kind": "Xã"
   },
   {
    "code": "19567",
    "name": "Ba Lòng",
    "fullName": "Xã Ba Lòng",
    "kind": "Xã"
   },
   {
    "code": "19588",
    "name": "Tà Rụt",
    "fullName": "Xã Tà Rụt",
    "kind": "Xã"
   },
   {
    "code": "19594",
    "name": "La Lay",
    "fullName": "Xã La Lay",
    "kind": "Xã"
   },
   {
    "code": "19597",
    "name": "Cam Lộ",
    "fullName": "Xã Cam Lộ",
    "kind": "Xã"
   },
   {
    "code": "19603",
    "name": "Hiếu Giang",
    "fullName": "Xã Hiếu Giang",
    "kind": "Xã"
   },
   {
    "code": "19624",
    "name": "Triệu Phong",
    "fullName": "Xã Triệu Phong",
    "kind": "Xã"
   },
   {
    "code": "19639",
    "name": "Nam Cửa Việt",
    "fullName": "Xã Nam Cửa Việt",
    "kind": "Xã"
   },
   {
    "code": "19645",
    "name": "Triệu Bình",
    "fullName": "Xã Triệu Bình",
    "kind": "Xã"
   },
   {
    "code": "19654",
    "name": "Triệu Cơ",
    "fullName": "Xã Triệu Cơ",
    "kind": "Xã"
   },
   {
    "code": "19669",
    "name": "Ái Tử",
    "fullName": "Xã Ái Tử",
    "kind": "Xã"
   },
   {
    "code": "19681",
    "name": "Diên Sanh",
    "fullName": "Xã Diên Sanh",
    "kind": "Xã"
   },
   {
    "code": "19699",
    "name": "Vĩnh Định",
    "fullName": "Xã Vĩnh Định",
    "kind": "Xã"
   },
   {
    "code": "19702",
    "name": "Hải Lăng",
    "fullName": "Xã Hải Lăng",
    "kind": "Xã"
   },
   {
    "code": "19735",
    "name": "Nam Hải Lăng",
    "fullName": "Xã Nam Hải Lăng",
    "kind": "Xã"
   },
   {
    "code": "19741",
    "name": "Mỹ Thuỷ",
    "fullName": "Xã Mỹ Thuỷ",
    "kind": "Xã"
   },
   {
    "code": "19742",
    "name": "Cồn Cỏ",
    "fullName": "Đặc khu Cồn Cỏ",
    "kind": "Đặc khu"
   }
  ]
 },
 {
  "code": "46",
  "name": "Huế",
  "fullName": "Thành phố Huế",
  "kind": "Thành phố",
  "communes": [
   {
    "code": "19753",
    "name": "Phú Xuân",
    "fullName": "Phường Phú Xuân",
    "kind": "Phường"
   },
   {
    "code": "19774",
    "name": "Kim Long",
    "fullName": "Phường Kim Long",
    "kind": "Phường"
   },
   {
    "code": "19867",
    "name": "Quảng Điền",
    "fullName": "Xã Quảng Điền",
    "kind": "Xã"
   }
  ]
 }
] as const;
