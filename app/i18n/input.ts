// Messages for input cleaned of control characters (lib/input-guard.server.ts).
// Vietnamese first; the English object must have every Vietnamese key.
export const inputVi = {
  "input.stripped": "Một số ô có ký tự điều khiển không hợp lệ (ký tự không nhìn thấy được, ví dụ NUL) nên đã được bỏ đi: {fields}. Phần còn lại vẫn được giữ như bạn đã nhập; hãy kiểm tra lại các ô này.",
  "input.strippedField": "Đã bỏ ký tự điều khiển không hợp lệ khỏi ô này. Hãy kiểm tra lại nội dung.",
};

export const inputEn: Record<keyof typeof inputVi, string> = {
  "input.stripped": "Some fields held invalid control characters (invisible characters such as NUL), which were removed: {fields}. Everything else is kept as you typed it; please check these fields.",
  "input.strippedField": "Invalid control characters were removed from this field. Please check its content.",
};

// How the notice names a field: the label people see, for the common field
// names; any other field is named as the form names it.
export const inputFieldLabels: Record<"vi" | "en", Record<string, string>> = {
  vi: {
    identifier: "Số điện thoại hoặc email",
    password: "Mật khẩu",
    fullName: "Họ và tên",
    displayName: "Tên hiển thị",
    phone: "Số điện thoại",
    email: "Email",
    nationalId: "Số định danh cá nhân",
    birthDate: "Ngày sinh",
    position: "Chức danh",
    title: "Tiêu đề",
    summary: "Tóm tắt",
    body: "Nội dung bài học",
    intro: "Giới thiệu",
    note: "Ghi chú",
    reason: "Lý do",
    q: "Tìm kiếm",
    code: "Mã",
    login: "Tài khoản",
    file: "Tệp",
    image: "Ảnh",
    place: "Địa điểm",
    signerName: "Người ký",
    signerTitle: "Chức vụ người ký",
  },
  en: {
    identifier: "Phone number or email",
    password: "Password",
    fullName: "Full name",
    displayName: "Display name",
    phone: "Phone number",
    email: "Email",
    nationalId: "Personal identification number",
    birthDate: "Date of birth",
    position: "Position",
    title: "Title",
    summary: "Summary",
    body: "Lesson content",
    intro: "Introduction",
    note: "Note",
    reason: "Reason",
    q: "Search",
    code: "Code",
    login: "Account",
    file: "File",
    image: "Image",
    place: "Place",
    signerName: "Signer",
    signerTitle: "Signer's title",
  },
};
